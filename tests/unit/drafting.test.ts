/** The deterministic drafter: templates per intent × language, instructor overrides, price text. */
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "@/lib/vocabulary";
import { composeDraft } from "@/lib/drafting/compose-draft";

const instructor = { name: "Marco", priceText: null, replyTemplates: {} };
const languages = LANGUAGES;

describe("composeDraft", () => {
  it.each([
    ["en", /date.*time.*level.*how many people/],
    ["it", /giorno.*ora.*livello.*quante persone/],
    ["de", /Datum und Uhrzeit.*Niveau.*wie viele Personen/],
    ["fr", /date et l'heure.*niveau.*nombre de personnes/],
    ["es", /qué día.*hora.*nivel.*cuántas personas/],
  ] as const)("a booking request in %s asks for date, time, level and group size", (language, pattern) => {
    const draft = composeDraft({ intent: "booking_request", language, instructor, customerName: "Anna Rossi" });
    expect(draft?.text).toMatch(pattern);
    expect(draft?.templateSource).toBe("default");
  });

  it("greets by first name, and drops the name cleanly when unknown or not a name", () => {
    expect(
      composeDraft({ intent: "greeting_thanks", language: "en", instructor, customerName: "Anna Rossi" })?.text,
    ).toBe("Thank you Anna! 😊");
    expect(composeDraft({ intent: "greeting_thanks", language: "en", instructor, customerName: null })?.text).toBe(
      "Thank you! 😊",
    );
    expect(composeDraft({ intent: "greeting_thanks", language: "en", instructor, customerName: "+39 333" })?.text).toBe(
      "Thank you! 😊",
    );
    expect(composeDraft({ intent: "availability_question", language: "it", instructor })?.text).toMatch(
      /^Ciao, grazie!/,
    );
  });

  it("quotes the instructor's price text, or promises prices when there is none", () => {
    const withPrice = composeDraft({
      intent: "price_question",
      language: "de",
      instructor: { ...instructor, priceText: "60 € pro Stunde" },
    });
    expect(withPrice?.text).toBe("Hallo, danke für die Frage! 60 € pro Stunde");
    expect(composeDraft({ intent: "price_question", language: "de", instructor })?.text).toBe(
      "Hallo, danke für die Frage! Ich schicke dir gleich meine Preise.",
    );
  });

  it("the instructor's own template overrides the default for that intent and language only", () => {
    const own = {
      ...instructor,
      replyTemplates: { reschedule: { fr: "Salut {customer_name}, c'est {instructor_name} : quel jour ?" } },
    };
    expect(composeDraft({ intent: "reschedule", language: "fr", instructor: own, customerName: "Julie" })).toEqual({
      text: "Salut Julie, c'est Marco : quel jour ?",
      templateSource: "instructor",
    });
    expect(composeDraft({ intent: "reschedule", language: "en", instructor: own })?.templateSource).toBe("default");
  });

  it("has a default for every draftable intent in every language, and none for handoff intents or other", () => {
    for (const language of languages) {
      for (const intent of [
        "booking_request",
        "availability_question",
        "price_question",
        "reschedule",
        "general_question",
        "greeting_thanks",
      ] as const) {
        expect(composeDraft({ intent, language, instructor })?.text.length).toBeGreaterThan(5);
      }
      for (const intent of ["cancellation", "complaint", "other"] as const) {
        expect(composeDraft({ intent, language, instructor })).toBeNull();
      }
    }
  });
});
