/**
 * The drafting decision for a conversation's open turn (PRODUCT.md "Turn"), pure. Two steps, so that the
 * orchestrator owns the one network call: planTurnDraft → (the model, when plan.modelRequest) →
 * completeTurnDraft. The orchestrator loads the turn and writes the result; everything it decides is here.
 */
import type { ReplyTemplates } from "@/db/schema";
import type { ModelRequest, ModelResult } from "@/lib/ai/model-client";
import { classifyMessage, type Classification } from "@/lib/classification/classify-message";
import { languageForRegion } from "@/lib/classification/detect-language";
import { decideDraft, type DraftPolicyDecision } from "@/lib/draft-policy/decide-draft";
import { composeDraft } from "./compose-draft";
import { TEMPLATES_VERSION } from "./default-templates";

export const DETERMINISTIC_GENERATOR = "deterministic@1";

export interface TurnMessage {
  direction: "inbound" | "outbound";
  /** WhatsApp message type (text, image, audio, reaction, sticker, location…). */
  type: string;
  /** Text body or media caption. */
  text: string | null;
  /** WhatsApp's own timestamp of the message. */
  sentAt: Date;
}

export interface DraftTurnInput {
  /** The open turn: the inbound messages since the last outbound message (or dismissal), oldest first. */
  turn: TurnMessage[];
  /** Earlier messages of the conversation, for context, oldest first. */
  history: TurnMessage[];
  instructor: {
    name: string;
    defaultRegion: string;
    draftsEnabled: boolean;
    draftThreshold: number;
    priceText: string | null;
    replyTemplates: ReplyTemplates | null;
  };
  customer: { name: string | null; notes: string | null };
  /** WhatsApp's 24 h customer service window, from the customer's last message time. */
  windowOpen: boolean;
  /** Whether a model is configured; when it is not, plan.modelRequest is always null. */
  modelAvailable: boolean;
}

export interface TurnPlan {
  input: DraftTurnInput;
  classification: Classification | null;
  decision: DraftPolicyDecision;
  /** What to ask the model, or null when its answer could not change the outcome. */
  modelRequest: ModelRequest | null;
}

export interface TurnDraftOutcome {
  classification: Classification | null;
  decision: DraftPolicyDecision;
  proposedText: string | null;
  generator: string | null;
  promptVersion: string | null;
  modelCalled: boolean;
}

/** The text the customer wrote in this turn, in order (captions included). */
export function turnText(turn: TurnMessage[]): string {
  return turn
    .filter((m) => m.direction === "inbound")
    .map((m) => m.text?.trim())
    .filter((t): t is string => !!t)
    .join("\n");
}

export function planTurnDraft(input: DraftTurnInput): TurnPlan {
  const { instructor, windowOpen } = input;
  const text = turnText(input.turn);
  const settings = { draftsEnabled: instructor.draftsEnabled, draftThreshold: instructor.draftThreshold };
  const classification = text ? classifyMessage({ text, fallbackLanguage: languageForRegion(instructor.defaultRegion) }) : null;
  const decision = decideDraft({ settings, messageType: text ? "text" : (input.turn.at(-1)?.type ?? "text"), windowOpen, classification: policyView(classification) });
  // The model is asked only when its answer could change the outcome (not for handoffs, drafts off,
  // a closed window or a turn without text): fewer calls, and a slow model never delays those.
  const askModel = input.modelAvailable && classification && decision.decision !== "handoff" && settings.draftsEnabled && windowOpen;
  const modelRequest: ModelRequest | null = askModel
    ? { text, instructorName: instructor.name, priceText: instructor.priceText, languageHint: classification.language }
    : null;
  return { input, classification, decision, modelRequest };
}

export function completeTurnDraft(plan: TurnPlan, modelResult: ModelResult | null): TurnDraftOutcome {
  const { input } = plan;
  const { instructor, windowOpen } = input;
  const settings = { draftsEnabled: instructor.draftsEnabled, draftThreshold: instructor.draftThreshold };
  let { classification, decision } = plan;
  if (modelResult && classification) {
    classification = combineWithModel(classification, modelResult);
    decision = decideDraft({ settings, messageType: "text", windowOpen, classification: policyView(classification) });
  }
  const outcome = (text: string | null, generator: string | null, promptVersion: string | null): TurnDraftOutcome => ({
    classification,
    decision,
    proposedText: text,
    generator,
    promptVersion,
    modelCalled: modelResult !== null,
  });
  if (decision.decision !== "draft" || !classification) return outcome(null, null, null);
  const composed = composeDraft({
    intent: classification.intent,
    language: classification.language,
    instructor: { name: instructor.name, priceText: instructor.priceText, replyTemplates: instructor.replyTemplates },
    customerName: input.customer.name,
  });
  // The instructor's own template wins over the model; the model's reply over the built-in default.
  if (composed?.templateSource === "instructor") return outcome(composed.text, DETERMINISTIC_GENERATOR, TEMPLATES_VERSION);
  if (modelResult?.ok && modelResult.answer.reply) {
    return outcome(modelResult.answer.reply, `${modelResult.generator}@${modelResult.promptVersion}`, modelResult.promptVersion);
  }
  if (composed) return outcome(composed.text, DETERMINISTIC_GENERATOR, TEMPLATES_VERSION);
  decision = { decision: "no_draft", reason: `no draft: no template for ${classification.intent}`, attention: null };
  return outcome(null, null, null);
}

/**
 * The model's classification is trusted only with support: its intent must also have keyword evidence
 * from the rules ("corroborated"). Corroborated: the confidence is the mean of the rules' and the model's.
 * Any model error keeps the deterministic classification (and says why in the evidence).
 */
export function combineWithModel(rules: Classification, result: ModelResult): Classification {
  if (!result.ok) return { ...rules, evidence: { ...rules.evidence, modelError: result.error } };
  const { answer } = result;
  const corroborated = (rules.evidence.matches[answer.intent]?.length ?? 0) > 0;
  const rulesConfidence = rules.intent === answer.intent ? rules.confidence : 0.5;
  return {
    intent: answer.intent,
    language: answer.language,
    confidence: corroborated ? Math.round(((rulesConfidence + answer.confidence) / 2) * 100) / 100 : answer.confidence,
    evidence: {
      ...rules.evidence,
      source: "model",
      model: { intent: answer.intent, confidence: answer.confidence, corroborated },
    },
  };
}

function policyView(c: Classification | null) {
  if (!c) return null;
  return {
    intent: c.intent,
    confidence: c.confidence,
    flags: c.evidence.flags,
    source: c.evidence.source,
    corroborated: c.evidence.source === "rules" || !!c.evidence.model?.corroborated,
  };
}
