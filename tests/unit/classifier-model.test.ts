/**
 * The learned second opinion (lib/classification/intent-model.ts): trained on exactly the tuned-on labelled
 * sets, deterministic, good enough on a set it did not see, and used only in the safe direction (it can hand
 * a message to a human or lift an intent the rules already read; never lift one the rules hold back).
 */
import { describe, expect, it } from "vitest";
import { classifyMessage, LEARNED_POLICY } from "@/lib/classification/classify-message";
import { decideDraft } from "@/lib/draft-policy/decide-draft";
import { policyClassification } from "@/lib/draft-policy/policy-classification";
import { type IntentName, INTENTS } from "@/lib/vocabulary";
import EXAMPLES from "@/lib/classification/intent-examples.json" with { type: "json" };
import { predictIntent, trainIntentModel } from "@/lib/classification/intent-model";
import { intentExamplesFrom, loadSets, TUNED_SETS } from "../helpers/classifier-eval";

describe("the learned intent model", () => {
  it("is trained on exactly the tuned-on sets (regenerate with scripts/build-intent-examples.ts)", () => {
    expect(EXAMPLES).toEqual(intentExamplesFrom());
  });

  it("trains deterministically: the same examples give the same weights", () => {
    const examples = intentExamplesFrom().slice(0, 200);
    const a = trainIntentModel(examples, INTENTS, { epochs: 5 });
    const b = trainIntentModel(examples, INTENTS, { epochs: 5 });
    expect([...a.index.keys()]).toEqual([...b.index.keys()]);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
  });

  it("reads at least 80% of held-out 2's intents when trained without it (measured 82.7%)", () => {
    const items = loadSets(TUNED_SETS);
    const model = trainIntentModel(
      items.filter((i) => i.set !== "holdout2"),
      INTENTS,
    );
    const test = items.filter((i) => i.set === "holdout2");
    const right = test.filter((i) => predictIntent(model, i.text).intent === i.intent).length;
    expect(right / test.length).toBeGreaterThanOrEqual(0.8);
  });
});

/** A toy model that reads the given words as one intent, and "thanks" / "see you" as greetings. */
function toyModel(intent: IntentName, texts: string[]) {
  return trainIntentModel(
    [
      ...texts.map((text) => ({ text, intent })),
      { text: "thanks", intent: "greeting_thanks" as const },
      { text: "see you", intent: "greeting_thanks" as const },
    ],
    INTENTS,
  );
}

describe("classifyMessage with the learned second opinion", () => {
  it("hands a complaint the rules read as a thank-you to a human, naming the words it read", () => {
    const text = "the boat was supposed to be ready at 10 and it was only ready at half past 11. thanks";
    expect(classifyMessage({ text, intentModel: null })).toMatchObject({ intent: "greeting_thanks" });
    expect(classifyMessage({ text, intentModel: null }).evidence.sensitive).toBeUndefined();
    const c = classifyMessage({ text });
    expect(c.intent).toBe("complaint");
    expect(c.evidence.learned?.effect).toBe("sensitive");
    expect(c.evidence.sensitive?.[0]).toMatchObject({ category: "complaint", label: "reads like a complaint" });
    expect(c.evidence.sensitive?.[0]?.words.length).toBeGreaterThan(0);
  });

  it("lifts an intent the rules read with thin confidence when it reads the same", () => {
    const text = "Gibt es im Kinderkurs nächste Woche noch freie Plätze?";
    const rules = classifyMessage({ text, intentModel: null });
    const both = classifyMessage({ text });
    expect(rules).toMatchObject({ intent: "availability_question" });
    expect(rules.confidence).toBeLessThan(0.7);
    expect(both).toMatchObject({ intent: "availability_question", evidence: { learned: { effect: "agreed" } } });
    expect(both.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("never lifts a reading the rules hold back for a complaint or cancellation hint", () => {
    const c = classifyMessage({ text: "Forecast looks terrible for Saturday, can we do Sunday instead?" });
    expect(c.intent).toBe("reschedule");
    expect(c.confidence).toBeLessThan(0.7);
  });

  it("does not flag a message the rules read as nothing: no draft either way, and its guesses there are weak", () => {
    const c = classifyMessage({ text: "Mmh, let me think about it with my wife" });
    expect(c.intent).toBe("other");
    expect(c.evidence.sensitive).toBeUndefined();
  });

  it("leaves a negated cancellation to the rules ('no need to cancel' is not bad news)", () => {
    // A toy model that reads every "cancel" as a cancellation: only the rules see the negation.
    const toy = toyModel("cancellation", ["cancel", "please cancel"]);
    expect(predictIntent(toy, "No need to cancel, we'll be there at 10!").intent).toBe("cancellation");
    const c = classifyMessage({ text: "No need to cancel, we'll be there at 10!", intentModel: toy });
    expect(c.evidence.sensitive).toBeUndefined();
    expect(c.intent).toBe("greeting_thanks");
    expect(classifyMessage({ text: "we have to cancel, sorry", intentModel: toy }).evidence.sensitive).toBeDefined();
  });

  it("holds a reading under the threshold when the model reads another intent, and says so in the reason", () => {
    // A toy model that reads every "book" as a price question: the rules read a clear booking.
    const toy = toyModel("price_question", ["book", "book a lesson"]);
    const text = "Hi, I'd like to book a lesson on Saturday at 10";
    expect(predictIntent(toy, text)).toMatchObject({ intent: "price_question" });
    const off = classifyMessage({ text, intentModel: toy, learnedPolicy: { ...LEARNED_POLICY, disagreeAt: 1 } });
    expect(off).toMatchObject({ intent: "booking_request" });
    expect(off.confidence).toBeGreaterThanOrEqual(0.7);
    const on = classifyMessage({ text, intentModel: toy, learnedPolicy: { ...LEARNED_POLICY, disagreeAt: 0.4 } });
    expect(on).toMatchObject({ intent: "booking_request", evidence: { learned: { effect: "disagreed" } } });
    expect(on.confidence).toBeLessThan(0.7);
    const decision = decideDraft({
      settings: { draftsEnabled: true, draftThreshold: 0.7 },
      messageType: "text",
      windowOpen: true,
      classification: policyClassification(on),
    });
    expect(decision.decision).toBe("no_draft");
    expect(decision.reason).toContain("the learned model reads price_question");
    // A model whose lead over the rules' intent is under the margin is torn, not disagreeing.
    const lead = predictIntent(toy, text).probability - (predictIntent(toy, text).probabilities.booking_request ?? 0);
    const torn = classifyMessage({
      text,
      intentModel: toy,
      learnedPolicy: { ...LEARNED_POLICY, disagreeAt: 0.4, disagreeMargin: lead + 0.01 },
    });
    expect(torn.evidence.learned?.effect).not.toBe("disagreed");
    expect(torn.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("drafts the plainest booking: the shipped model does not hold 'Can I book a lesson on Sunday?'", () => {
    const c = classifyMessage({ text: "Can I book a lesson on Sunday?" });
    expect(c).toMatchObject({ intent: "booking_request" });
    expect(c.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("gives the same result with the model passed in as with the shipped one", () => {
    const model = trainIntentModel(intentExamplesFrom(), INTENTS);
    const text = "c'e posto anche per me domenica? mi aggiungo volentieri al gruppo";
    expect(classifyMessage({ text, intentModel: model })).toEqual(classifyMessage({ text }));
  });
});
