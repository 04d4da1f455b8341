/** The confidence policy: a table of decisions with their plain-words reasons, and a property over all inputs. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IntentName } from "@/lib/vocabulary";
import { INTENTS } from "@/lib/vocabulary";
import { decideDraft, type DraftPolicyInput } from "@/lib/draft-policy/decide-draft";
import { DEFAULT_DRAFT_SETTINGS, HANDOFF_INTENTS } from "@/lib/draft-policy/draft-policy-rules";

const base: DraftPolicyInput = {
  settings: { draftsEnabled: true, draftThreshold: 0.7 },
  messageType: "text",
  windowOpen: true,
  classification: { intent: "booking_request", confidence: 0.85, flags: [], source: "rules", corroborated: true },
};
const withC = (
  c: Partial<NonNullable<DraftPolicyInput["classification"]>>,
  rest: Partial<DraftPolicyInput> = {},
): DraftPolicyInput => ({
  ...base,
  ...rest,
  classification: { ...base.classification!, ...c },
});

describe("decideDraft", () => {
  it.each([
    ["a confident booking request", withC({}), "draft", "draft: booking_request 0.85 ≥ 0.70", null],
    ["below the threshold", withC({ confidence: 0.41 }), "no_draft", "no draft: confidence 0.41 < 0.70", null],
    ["exactly at the threshold", withC({ confidence: 0.7 }), "draft", "draft: booking_request 0.70 ≥ 0.70", null],
    [
      "a cancellation",
      withC({ intent: "cancellation", confidence: 0.99 }),
      "handoff",
      "handed to human: cancellation",
      "handed_to_human",
    ],
    ["a complaint", withC({ intent: "complaint" }), "handoff", "handed to human: complaint", "handed_to_human"],
    [
      "a refund word in a booking",
      withC({ flags: ["refund"] }),
      "handoff",
      "handed to human: refund",
      "handed_to_human",
    ],
    [
      "a safety word",
      withC({ intent: "general_question", flags: ["safety"] }),
      "handoff",
      "escalated: safety",
      "escalated",
    ],
    [
      "an image",
      { ...base, messageType: "image", classification: null },
      "no_draft",
      "no draft: not a text message",
      null,
    ],
    [
      "drafts turned off",
      withC({}, { settings: { draftsEnabled: false, draftThreshold: 0.7 } }),
      "no_draft",
      "no draft: drafts are turned off",
      null,
    ],
    [
      "a complaint with drafts off still reaches a human",
      withC({ intent: "complaint" }, { settings: { draftsEnabled: false, draftThreshold: 0.7 } }),
      "handoff",
      "handed to human: complaint",
      "handed_to_human",
    ],
    [
      "outside the 24 h window",
      withC({}, { windowOpen: false }),
      "no_draft",
      "no draft: outside the 24 h customer service window",
      null,
    ],
    [
      "only the model's self-rating",
      withC({ source: "model", corroborated: false, confidence: 0.99 }),
      "no_draft",
      "no draft: only the model's own confidence supports booking_request",
      null,
    ],
    [
      "the model, corroborated by the rules",
      withC({ source: "model", corroborated: true, confidence: 0.8 }),
      "draft",
      "draft: booking_request 0.80 ≥ 0.70",
      null,
    ],
    [
      "intent other, even when confident",
      withC({ intent: "other", confidence: 0.9 }),
      "no_draft",
      "no draft: nothing to propose for other",
      null,
    ],
  ] as const)("%s", (_name, input, decision, reason, attention) => {
    expect(decideDraft(input as DraftPolicyInput)).toEqual({ decision, reason, attention });
  });

  it("a new instructor starts with drafts on and threshold 0.70", () => {
    expect(DEFAULT_DRAFT_SETTINGS).toEqual({ draftsEnabled: true, draftThreshold: 0.7 });
  });
});

describe("decideDraft property", () => {
  const arbInput = fc.record({
    settings: fc.record({ draftsEnabled: fc.boolean(), draftThreshold: fc.double({ min: 0, max: 1, noNaN: true }) }),
    messageType: fc.constantFrom("text", "image", "audio", "sticker", "location", "reaction", "unsupported"),
    windowOpen: fc.boolean(),
    classification: fc.option(
      fc.record({
        intent: fc.constantFrom(...(INTENTS as readonly IntentName[])),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        flags: fc.subarray(["refund", "safety"] as ("refund" | "safety")[]),
        source: fc.constantFrom("rules" as const, "model" as const),
        corroborated: fc.boolean(),
      }),
      { nil: null },
    ),
  });

  it("never drafts for a handoff intent or flag, a non-text message, drafts off, a closed window, model-only evidence or below threshold", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const { decision, reason } = decideDraft(input);
        expect(reason.length).toBeGreaterThan(0);
        if (decision !== "draft") return;
        const c = input.classification!;
        expect(input.messageType).toBe("text");
        expect(HANDOFF_INTENTS[c.intent]).toBeUndefined();
        expect(c.flags).toEqual([]);
        expect(input.settings.draftsEnabled).toBe(true);
        expect(input.windowOpen).toBe(true);
        expect(c.source === "rules" || c.corroborated).toBe(true);
        expect(c.confidence).toBeGreaterThanOrEqual(input.settings.draftThreshold);
      }),
      { numRuns: 2_000 },
    );
  });

  it("a handoff intent or flag on a text message is always handed off, whatever the settings", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const c = input.classification;
        if (input.messageType !== "text" || !c) return;
        if (!HANDOFF_INTENTS[c.intent] && c.flags.length === 0) return;
        expect(decideDraft(input).decision).toBe("handoff");
      }),
      { numRuns: 2_000 },
    );
  });
});
