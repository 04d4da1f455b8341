/**
 * How far the model's classification is trusted against the keyword rules (lib/draft-policy/
 * trust-model-classification.ts), and what the confidence policy then reads of it (policy-classification.ts).
 */
import { describe, expect, it } from "vitest";
import type { ModelResult } from "@/lib/ai/model-request";
import type { Classification } from "@/lib/classification/classify-message";
import { decideDraft } from "@/lib/draft-policy/decide-draft";
import { policyClassification } from "@/lib/draft-policy/policy-classification";
import { trustModelClassification } from "@/lib/draft-policy/trust-model-classification";

const rules = (
  overrides: Partial<Classification> = {},
  evidence: Partial<Classification["evidence"]> = {},
): Classification => ({
  intent: "booking_request",
  language: "it",
  confidence: 0.8,
  ...overrides,
  evidence: {
    source: "rules",
    matches: { booking_request: ["prenotare"] },
    flags: [],
    languageEvidence: ["vorrei"],
    ...evidence,
  },
});
const model = (intent: Classification["intent"], confidence: number): ModelResult => ({
  ok: true,
  answer: { intent, language: "en", confidence, reply: null },
  generator: "fake",
  promptVersion: "p1",
});

describe("trustModelClassification", () => {
  it("a model error keeps the rules' classification and records why", () => {
    const out = trustModelClassification(rules(), { ok: false, error: "timeout after 2000 ms" });
    expect(out).toEqual(rules({}, { modelError: "timeout after 2000 ms" }));
  });

  it("an intent the rules support is corroborated: the confidence is the mean of both", () => {
    const out = trustModelClassification(rules(), model("booking_request", 0.9));
    expect(out.intent).toBe("booking_request");
    expect(out.confidence).toBe(0.85);
    expect(out.evidence.source).toBe("model");
    expect(out.evidence.model).toEqual({ intent: "booking_request", confidence: 0.9, corroborated: true });
  });

  it("a different intent the rules also matched is corroborated, averaged with a neutral 0.5 for the rules", () => {
    const out = trustModelClassification(
      rules({}, { matches: { booking_request: ["prenotare"], price_question: ["quanto costa"] } }),
      model("price_question", 0.9),
    );
    expect(out.intent).toBe("price_question");
    expect(out.confidence).toBe(0.7);
    expect(out.evidence.model?.corroborated).toBe(true);
  });

  it("an intent without rule evidence is not corroborated: only the model's own rating is left", () => {
    const out = trustModelClassification(rules(), model("price_question", 0.95));
    expect(out.intent).toBe("price_question");
    expect(out.confidence).toBe(0.95);
    expect(out.evidence.model).toEqual({ intent: "price_question", confidence: 0.95, corroborated: false });
  });

  it("the language is always the rules' (the model's guess is not used)", () => {
    expect(trustModelClassification(rules(), model("booking_request", 0.9)).language).toBe("it");
  });

  it.each([
    [
      "a sensitive signal",
      rules({}, { sensitive: [{ category: "bad_news", label: "bad news", words: ["incidente"] }] as never }),
    ],
    ["spam words", rules({}, { spam: ["crypto"] })],
    ["a refund or safety flag", rules({}, { flags: ["refund"] })],
    ["a complaint", rules({ intent: "complaint" })],
    ["a cancellation", rules({ intent: "cancellation" })],
  ])("%s locks the rules' classification: the model is recorded, never followed", (_, locked) => {
    const out = trustModelClassification(locked, model("greeting_thanks", 0.99));
    expect(out.intent).toBe(locked.intent);
    expect(out.confidence).toBe(locked.confidence);
    expect(out.evidence.source).toBe("rules");
    expect(out.evidence.model).toEqual({ intent: "greeting_thanks", confidence: 0.99, corroborated: false });
  });
});

describe("policyClassification", () => {
  const settings = { draftsEnabled: true, draftThreshold: 0.7 };
  const decide = (c: Classification) =>
    decideDraft({ settings, messageType: "text", windowOpen: true, classification: policyClassification(c) });

  it("nothing classified reads as nothing", () => {
    expect(policyClassification(null)).toBeNull();
  });

  it("the rules' own classification counts as corroborated", () => {
    expect(policyClassification(rules())?.corroborated).toBe(true);
    expect(decide(rules()).decision).toBe("draft");
  });

  it("a model's uncorroborated intent is not drafted, however confident it says it is", () => {
    const c = trustModelClassification(rules(), model("price_question", 0.99));
    expect(policyClassification(c)).toMatchObject({ source: "model", corroborated: false });
    expect(decide(c).decision).toBe("no_draft");
  });

  it("a corroborated model intent is drafted", () => {
    const c = trustModelClassification(rules(), model("booking_request", 0.9));
    expect(policyClassification(c)).toMatchObject({ source: "model", corroborated: true });
    expect(decide(c).decision).toBe("draft");
  });

  it("passes the rules' flags, sensitive signals and spam through to the policy", () => {
    const sensitive = [{ category: "safety", label: "safety", words: ["ferito"] }] as never;
    expect(policyClassification(rules({}, { flags: ["safety"], sensitive, spam: ["promo"] }))).toMatchObject({
      flags: ["safety"],
      sensitive,
      spam: ["promo"],
    });
  });
});
