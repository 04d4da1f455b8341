/** Dates, times, group sizes and levels from a customer's turn, in the five languages, in the instructor's time zone. */
import { describe, expect, it } from "vitest";
import type { LanguageCode } from "@/lib/vocabulary";
import { extractFacts } from "@/lib/drafting/extract-facts";

// Wednesday 2 December 2026, 10:00 in Rome.
const now = new Date("2026-12-02T09:00:00Z");
const facts = (text: string, language: LanguageCode, timeZone = "Europe/Rome") =>
  extractFacts({ text, language, now, timeZone });

describe("extractFacts", () => {
  it.each([
    [
      "sabato mattina siamo in 3 principianti",
      "it",
      { date: "2026-12-05", time: null, partOfDay: "morning", people: 3, level: "beginner" },
    ],
    [
      "am Dienstag um 10, wir sind zu zweit, Anfänger",
      "de",
      { date: "2026-12-08", time: "10:00", partOfDay: null, people: 2, level: "beginner" },
    ],
    [
      "demain 14h pour 4 personnes, niveau intermédiaire",
      "fr",
      { date: "2026-12-03", time: "14:00", partOfDay: null, people: 4, level: "intermediate" },
    ],
    [
      "2 adultos y un niño, el sábado a las 10, principiantes",
      "es",
      { date: "2026-12-05", time: "10:00", partOfDay: null, people: 3, level: "beginner" },
    ],
    [
      "Tuesday 10am for 2 adults, intermediate",
      "en",
      { date: "2026-12-08", time: "10:00", partOfDay: null, people: 2, level: "intermediate" },
    ],
    [
      "Hello, can I book a kitesurf lesson on Saturday morning for my son and me? We are beginners.",
      "en",
      { date: "2026-12-05", time: null, partOfDay: "morning", people: 2, level: "beginner" },
    ],
  ] as const)("%s (%s)", (text, language, expected) => {
    const f = facts(text, language);
    expect({
      date: f.date?.iso ?? null,
      time: f.time?.hhmm ?? null,
      partOfDay: f.partOfDay,
      people: f.people?.total ?? null,
      level: f.level?.level ?? null,
    }).toEqual(expected);
  });

  it("splits adults and children when both are said", () => {
    expect(facts("2 adultos y un niño", "es").people).toMatchObject({ total: 3, adults: 2, children: 1 });
  });

  it("reads an afternoon hour on a 12 h clock as the afternoon ('a las 2 de la tarde' → 14:00)", () => {
    expect(facts("mañana a las 2 de la tarde", "es").time?.hhmm).toBe("14:00");
  });

  it("reads a bare day of the month, which chrono does not ('am 14.', 'on the 14th')", () => {
    expect(facts("am 14. mit 4 Leuten", "de")).toMatchObject({ date: { iso: "2026-12-14" }, people: { total: 4 } });
    expect(facts("on the 14th, 3 people", "en").date?.iso).toBe("2026-12-14");
  });

  it("does not read a duration as a time ('a 1hr session tomorrow at 9')", () => {
    expect(facts("Could I grab a 1hr session tomorrow at 9?", "en")).toMatchObject({
      date: { iso: "2026-12-03" },
      time: { hhmm: "09:00" },
    });
  });

  it("resolves 'tomorrow' in the instructor's time zone, not the server's", () => {
    // 23:30 UTC on 2 Dec is already 3 Dec in Rome but still 2 Dec in New York.
    const late = new Date("2026-12-02T23:30:00Z");
    expect(extractFacts({ text: "tomorrow at 9", language: "en", now: late, timeZone: "Europe/Rome" }).date?.iso).toBe(
      "2026-12-04",
    );
    expect(
      extractFacts({ text: "tomorrow at 9", language: "en", now: late, timeZone: "America/New_York" }).date?.iso,
    ).toBe("2026-12-03");
  });

  it("finds nothing in a message that states nothing", () => {
    expect(facts("Hi, I'd like to book a lesson", "en")).toEqual({
      date: null,
      time: null,
      partOfDay: null,
      people: null,
      level: null,
    });
  });
});
