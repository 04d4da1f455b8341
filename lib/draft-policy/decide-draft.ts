/**
 * TA-3 step 5, "AI disabled / gating" and "handoff to human": the confidence policy. Pure: the same input
 * always gives the same decision, and every decision carries its reason in plain words.
 */
import type { ConversationAttention, DraftDecision, IntentName } from "@/lib/vocabulary";
import type { ClassificationFlag } from "@/lib/classification/classify-message";
import type { SensitiveSignal } from "@/lib/classification/sensitive-signals";
import { HANDOFF_FLAGS, HANDOFF_INTENTS, NO_DRAFT_INTENTS } from "./draft-policy-rules";

export interface DraftPolicyInput {
  settings: { draftsEnabled: boolean; draftThreshold: number };
  /** WhatsApp message type; only "text" gets a draft. */
  messageType: string;
  /** Whether the 24 h customer service window is open (lib/conversation/customer-service-window). */
  windowOpen: boolean;
  /** Null when there was nothing to classify (a non-text message). */
  classification: {
    intent: IntentName;
    confidence: number;
    flags: ClassificationFlag[];
    /** "model" and not corroborated by the rules: the model's self-rating is the only evidence. */
    source: "rules" | "model";
    corroborated: boolean;
    /** Sensitive signals of the rules (never of the model): any one hands the turn to a human. */
    sensitive?: SensitiveSignal[];
    /** Spam or wrong-number words: never a draft. */
    spam?: string[];
    /** The learned model read this other intent: the rules' reading was held under the threshold. */
    disagreedWith?: IntentName;
  } | null;
}

export interface DraftPolicyDecision {
  decision: DraftDecision;
  reason: string;
  /** Set on handoff: how the conversation is marked so the inbox can filter it. */
  attention: ConversationAttention | null;
}

const fmt = (n: number) => n.toFixed(2);

export function decideDraft(input: DraftPolicyInput): DraftPolicyDecision {
  const { settings, classification } = input;
  if (input.messageType !== "text" || !classification) {
    return { decision: "no_draft", reason: "no draft: not a text message", attention: null };
  }
  // Handoff comes first: a complaint or a safety word reaches a human even with drafts off.
  const flagged = classification.flags.find((f) => HANDOFF_FLAGS[f]);
  if (flagged) {
    const attention = HANDOFF_FLAGS[flagged];
    return {
      decision: "handoff",
      reason: `${attention === "escalated" ? "escalated" : "handed to human"}: ${flagged}`,
      attention,
    };
  }
  // Any sensitive signal blocks a cheerful draft, whatever else the message says (safety is escalated).
  const sensitive = classification.sensitive ?? [];
  if (sensitive.length > 0) {
    const attention: ConversationAttention = sensitive.some((s) => s.category === "safety")
      ? "escalated"
      : "handed_to_human";
    const said = sensitive.map((s) => `${s.label} ("${s.words.slice(0, 3).join('", "')}")`).join("; ");
    return {
      decision: "handoff",
      reason: `${attention === "escalated" ? "escalated" : "handed to human"}: ${said}`,
      attention,
    };
  }
  const handoff = HANDOFF_INTENTS[classification.intent];
  if (handoff) {
    return {
      decision: "handoff",
      reason: `${handoff === "escalated" ? "escalated" : "handed to human"}: ${classification.intent}`,
      attention: handoff,
    };
  }
  if (classification.spam && classification.spam.length > 0) {
    return {
      decision: "no_draft",
      reason: `no draft: looks like spam, a sales pitch or a wrong number ("${classification.spam.slice(0, 3).join('", "')}")`,
      attention: null,
    };
  }
  if (!settings.draftsEnabled)
    return { decision: "no_draft", reason: "no draft: drafts are turned off", attention: null };
  if (!input.windowOpen) {
    return { decision: "no_draft", reason: "no draft: outside the 24 h customer service window", attention: null };
  }
  if (classification.source === "model" && !classification.corroborated) {
    return {
      decision: "no_draft",
      reason: `no draft: only the model's own confidence supports ${classification.intent}`,
      attention: null,
    };
  }
  if (!(classification.confidence >= settings.draftThreshold)) {
    return {
      decision: "no_draft",
      reason:
        `no draft: confidence ${fmt(classification.confidence)} < ${fmt(settings.draftThreshold)}` +
        (classification.disagreedWith
          ? ` (the words say ${classification.intent}, the learned model reads ${classification.disagreedWith})`
          : ""),
      attention: null,
    };
  }
  if (NO_DRAFT_INTENTS.includes(classification.intent)) {
    return {
      decision: "no_draft",
      reason: `no draft: nothing to propose for ${classification.intent}`,
      attention: null,
    };
  }
  return {
    decision: "draft",
    reason: `draft: ${classification.intent} ${fmt(classification.confidence)} ≥ ${fmt(settings.draftThreshold)}`,
    attention: null,
  };
}
