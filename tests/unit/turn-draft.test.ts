/**
 * planTurnDraft → completeTurnDraft without a model: drafts that answer from the turn's facts and the
 * instructor's profile, a whole turn read together, and no cheerful reply to bad news, complaints or spam.
 */
import { describe, expect, it } from "vitest";
import { GIULIA_PROFILE, LUKAS_PROFILE } from "@/db/demo-profiles";
import { completeTurnDraft, FACTS_GENERATOR, planTurnDraft, type DraftTurnInput } from "@/lib/drafting/plan-turn-draft";
import type { FactsUsed } from "@/lib/drafting/compose-from-facts";

// Wednesday 2 December 2026, from 10:00 in Rome.
const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 9, minute));

function draft(texts: string[], overrides: Partial<DraftTurnInput["instructor"]> = {}) {
  const plan = planTurnDraft({
    turn: texts.map((text, i) => ({ direction: "inbound", type: "text", text, sentAt: at(i) })),
    history: [],
    instructor: {
      name: "Giulia",
      defaultRegion: "IT",
      draftsEnabled: true,
      draftThreshold: 0.7,
      priceText: null,
      replyTemplates: null,
      profile: GIULIA_PROFILE,
      ...overrides,
    },
    customer: { name: "Anna Rossi", notes: null },
    windowOpen: true,
    modelAvailable: false,
  });
  const outcome = completeTurnDraft(plan, null);
  return { ...outcome, facts: outcome.classification?.evidence.draftFacts as FactsUsed | undefined };
}

describe("a booking answered from what the customer said", () => {
  it("with every detail given, repeats them and asks for nothing (it)", () => {
    const d = draft([
      "Ciao! Vorrei prenotare una lezione privata di sci sabato alle 10, siamo 2 adulti, livello intermedio.",
    ]);
    expect(d.generator).toBe(FACTS_GENERATOR);
    expect(d.proposedText).toBe(
      "Ciao Anna, grazie per il messaggio! Prenoto volentieri. Quindi: sabato 5 dicembre, alle 10:00, 2 persone, livello intermedio. Private ski lesson (1 h): 65 €. Controllo l'agenda e ti confermo a breve.",
    );
    expect(d.facts).toMatchObject({
      date: { iso: "2026-12-05" },
      time: "10:00",
      people: 2,
      level: "intermediate",
      asked: [],
      offer: { name: "Private ski lesson", price: "65 €" },
    });
  });

  it("the issue's kitesurf request gets a draft that repeats Saturday morning, 2 people, beginners and asks nothing more", () => {
    const d = draft(["Hello, can I book a kitesurf lesson on Saturday morning for my son and me? We are beginners."]);
    expect(d.decision.decision).toBe("draft");
    expect(d.proposedText).toContain("Saturday 5 December, in the morning, 2 people, beginners");
    expect(d.proposedText).not.toMatch(/how many|your level|the day|the time/);
  });

  it("asks only for what is missing (de: time and level given, day and group size missing)", () => {
    const d = draft(["Hallo, ich möchte gerne eine Stunde buchen, um 10 Uhr, wir sind Anfänger"]);
    expect(d.facts?.asked).toEqual(["date", "people"]);
    expect(d.proposedText).toMatch(/Sag mir bitte noch den Tag und wie viele Personen\.$/);
    expect(d.proposedText).not.toMatch(/Niveau|Uhrzeit/);
  });

  it("reads a booking spread over three messages as one turn (fr)", () => {
    const d = draft(["Bonjour", "je voudrais réserver un cours", "samedi 10h, 2 personnes, débutants"]);
    expect(d.decision.decision).toBe("draft");
    expect(d.proposedText).toContain("samedi 5 décembre, à 10h00, 2 personnes, débutants");
    expect(d.facts?.asked).toEqual([]);
  });

  it("'2 adultos y un niño' is three people, said back with the split (es)", () => {
    const d = draft(["Hola, quiero reservar una clase el sábado a las 10, somos 2 adultos y un niño, principiantes"]);
    expect(d.proposedText).toContain("3 personas (2 adultos, 1 niño)");
  });
});

describe("prices and questions answered from the profile", () => {
  it("a price question gets the matching offer's price", () => {
    const d = draft(["Quanto costa mezza giornata?"]);
    expect(d.proposedText).toMatch(/Private ski lesson, half day \(3 h\) costa 240 €/);
    expect(d.facts?.offer).toMatchObject({ name: "Private ski lesson, half day" });
  });

  it("a price question that matches no single offer gets the short list", () => {
    const d = draft(["Hi! What are your prices?"], { profile: LUKAS_PROFILE, defaultRegion: "CH" });
    expect(d.proposedText).toMatch(
      /My prices: Private sailing lesson \(2 h\) CHF 180; Half-day sailing trip \(4 h\) CHF 320; Beginner course/,
    );
  });

  it("'Hallo!' then a price question is a price question, not a greeting", () => {
    const d = draft(["Hallo!", "Was kostet eine Privatstunde?"]);
    expect(d.classification?.intent).toBe("price_question");
    expect(d.proposedText).toMatch(/Private ski lesson \(1 h\) kostet 65 €/);
  });

  it("a meeting-point question gets the meeting points", () => {
    expect(draft(["Dove ci troviamo?"]).proposedText).toContain("Faloria cable car, valley station");
  });

  it("without offers, the price text (or a promise of prices) is used as before", () => {
    expect(
      draft(["How much is a private lesson?"], { profile: {}, priceText: "€60 per hour." }).proposedText,
    ).toContain("€60 per hour.");
  });
});

describe("never a cheerful reply to bad news", () => {
  it.each([
    "We have to fly home two days early because of work, so no more lessons this week. Thanks for everything!",
    "Mein Mann hat sich den Fuss verknackst, wir kommen morgen leider nicht. Danke trotzdem!",
    "Thanks for nothing, we waited 40 minutes and nobody came",
    "perfetto grazie! purtroppo mia figlia ha la febbre, domani non veniamo",
    "Super cours hier mais mon fils s'est blessé au genou, il ne pourra pas venir samedi",
    "Gracias! lamentablemente falleció mi abuela y no vamos a poder ir",
  ])("hands '%s' to a human, with the words that blocked it", (text) => {
    const d = draft([text]);
    expect(d.decision.decision).toBe("handoff");
    expect(d.proposedText).toBeNull();
    expect(d.classification?.evidence.sensitive?.length).toBeGreaterThan(0);
    expect(d.decision.reason).toMatch(/^(handed to human|escalated): /);
  });

  it("a sensitive message later in the turn blocks the cheerful draft the first message would get", () => {
    expect(draft(["Hi! Can I book Saturday at 10 for 2?"]).decision.decision).toBe("draft");
    expect(
      draft(["Hi! Can I book Saturday at 10 for 2?", "oh wait, my husband just broke his ankle, we can't come"])
        .decision.decision,
    ).toBe("handoff");
  });

  it("a reschedule explained with bad news stays a reschedule but is handed over, not answered 'no problem!'", () => {
    const d = draft(["My son has a fever, can we move Saturday to Sunday?"]);
    expect(d.classification?.intent).toBe("reschedule");
    expect(d.decision).toMatchObject({ decision: "handoff", attention: "handed_to_human" });
    expect(d.decision.reason).toContain('"fever"');
  });

  it("asking about the cancellation policy is a question, answered from the profile", () => {
    const d = draft(["What's your cancellation policy?"]);
    expect(d.decision.decision).toBe("draft");
    expect(d.proposedText).toContain("Free cancellation up to 24 hours before");
  });
});

describe("spam, sales pitches and wrong numbers", () => {
  it.each([
    "Hi, I'm Mark from SkiSEO Ltd. Can I book a call to discuss your Google ranking?",
    "CONGRATULATIONS! You have won a free lesson voucher, click here: http://win.example.xyz",
    "sorry wrong number",
  ])("'%s' gets no draft", (text) => {
    const d = draft([text]);
    expect(d.decision.decision).not.toBe("draft");
    expect(d.proposedText).toBeNull();
  });
});
