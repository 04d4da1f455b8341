/** wallClock (lib/drafting/date-parsers.ts) keeps one formatter per zone: each zone still reads its own clock. */
import { describe, expect, it } from "vitest";
import { chronoReference, wallClock } from "@/lib/drafting/date-parsers";

describe("wallClock", () => {
  const now = new Date("2026-01-10T23:30:00Z");

  it("reads the clock of each zone asked, the same again when asked twice", () => {
    expect(wallClock(now, "Europe/Rome")).toEqual({ year: 2026, month: 1, day: 11, hour: 0, minute: 30 });
    expect(wallClock(now, "America/New_York")).toEqual({ year: 2026, month: 1, day: 10, hour: 18, minute: 30 });
    expect(wallClock(now, "Europe/Rome")).toEqual({ year: 2026, month: 1, day: 11, hour: 0, minute: 30 });
    expect(wallClock(new Date("2026-07-01T10:05:00Z"), "Europe/Rome")).toMatchObject({ month: 7, hour: 12, minute: 5 });
  });

  it("reads an unknown zone's clock in UTC rather than failing, every time", () => {
    expect(wallClock(now, "Mars/Olympus_Mons")).toEqual({ year: 2026, month: 1, day: 10, hour: 23, minute: 30 });
    expect(wallClock(now, "Mars/Olympus_Mons")).toEqual({ year: 2026, month: 1, day: 10, hour: 23, minute: 30 });
    expect(chronoReference(now, "Europe/Zurich").instant.toISOString()).toBe("2026-01-11T00:30:00.000Z");
  });
});
