/** The profile schema (what the settings API accepts) and the panel's "why" read from a draft's evidence. */
import { describe, expect, it } from "vitest";
import { GIULIA_PROFILE, LUKAS_PROFILE } from "@/db/demo-profiles";
import { draftWhy } from "@/lib/drafting/draft-why";
import { EMPTY_PROFILE, instructorProfileSchema, readProfile } from "@/lib/drafting/instructor-profile";

describe("instructor profile schema", () => {
  it("accepts the demo profiles unchanged", () => {
    expect(instructorProfileSchema.parse(GIULIA_PROFILE)).toEqual(GIULIA_PROFILE);
    expect(instructorProfileSchema.parse(LUKAS_PROFILE)).toEqual(LUKAS_PROFILE);
  });

  it("refuses a negative price, a bad currency and a group whose minimum exceeds its maximum, naming the field", () => {
    const offer = GIULIA_PROFILE.offers[0]!;
    const bad = instructorProfileSchema.safeParse({
      offers: [
        { ...offer, price: -1 },
        { ...offer, currency: "euro" },
        { ...offer, groupSizeMin: 5, groupSizeMax: 2 },
      ],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["offers.0.price", "offers.1.currency", "offers.2.groupSizeMax"]));
  });

  it("reads a stored profile that no longer validates as empty, so a draft never quotes a malformed price", () => {
    expect(readProfile({ offers: [{ name: "x", price: "lots" }] })).toEqual(EMPTY_PROFILE);
    expect(readProfile(null)).toEqual(EMPTY_PROFILE);
  });
});

describe("draftWhy", () => {
  it("lists the facts a draft used and what it asks for, in the instructor's words", () => {
    const why = draftWhy({
      source: "rules",
      draftFacts: {
        offer: { name: "Private ski lesson", price: "65 €", duration: "1 h" },
        offersListed: [],
        date: { iso: "2026-12-05", label: "sabato 5 dicembre" },
        time: null,
        partOfDay: "morning",
        people: 2,
        level: null,
        answeredFrom: null,
        asked: ["level"],
      },
    });
    expect(why?.facts).toEqual([
      { label: "Offer", value: "Private ski lesson (1 h)" },
      { label: "Price", value: "65 €" },
      { label: "Date understood", value: "sabato 5 dicembre" },
      { label: "Time of day", value: "morning" },
      { label: "People", value: "2" },
    ]);
    expect(why?.asked).toEqual(["their level"]);
  });

  it("names the sensitive words that blocked a draft, and says nothing for an older row without them", () => {
    expect(
      draftWhy({ sensitive: [{ category: "bad_news", label: "bad news", words: ["purtroppo"] }] })?.blockedBy,
    ).toEqual([{ label: "bad news", words: ["purtroppo"] }]);
    expect(draftWhy({ source: "rules", matches: {} })).toBeNull();
    expect(draftWhy(null)).toBeNull();
  });
});
