/**
 * The drafting decision for a conversation's open turn (PRODUCT.md "Turn"), pure. Two steps, so that the
 * orchestrator owns the one network call: planTurnDraft → (the model, when plan.modelRequest) →
 * completeTurnDraft. The orchestrator loads the turn and writes the result; everything it decides is here.
 *
 * The whole turn is read as one text ("Hallo!" then a question; a booking spread over three messages), the
 * facts it states are extracted (date, time, people, level), and the draft answers from them and from the
 * instructor's profile. The policy decides from the rules; a model only proposes, and code checks its reply.
 */
import type { ReplyTemplates } from "@/lib/vocabulary";
import type { ModelRequest, ModelRequestMessage, ModelResult } from "@/lib/ai/model-request";
import { classifyMessage, type Classification, type LearnedPolicy } from "@/lib/classification/classify-message";
import type { IntentModel } from "@/lib/classification/intent-model";
import { languageForRegion } from "@/lib/classification/detect-language";
import { decideDraft, type DraftPolicyDecision } from "@/lib/draft-policy/decide-draft";
import { policyClassification } from "@/lib/draft-policy/policy-classification";
import { trustModelClassification } from "@/lib/draft-policy/trust-model-classification";
import { resolveTimeSettings } from "@/lib/format/date-time";
import { checkModelReply } from "./check-model-reply";
import { composeFromFacts, type FactsUsed } from "./compose-from-facts";
import { composeDraft } from "./compose-draft";
import { TEMPLATES_VERSION } from "./default-templates";
import { wallClock } from "./date-parsers";
import { extractFacts, NO_FACTS, type TurnFacts } from "./extract-facts";
import { readProfile, type InstructorProfile } from "./instructor-profile";

export const DETERMINISTIC_GENERATOR = "deterministic@1";
export const FACTS_GENERATOR = "facts@1";
/** How many earlier messages the model sees. */
export const MODEL_HISTORY_MESSAGES = 10;

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
    /** The structured profile (instructor-profile.ts) as stored; validated here, malformed reads as empty. */
    profile?: unknown;
    /** IANA time zone; when absent, the default region's (Europe/Rome for IT…), else UTC. */
    timeZone?: string | null;
  };
  customer: { name: string | null; notes: string | null };
  /** WhatsApp's 24 h customer service window, from the customer's last message time. */
  windowOpen: boolean;
  /** Whether a model is configured; when it is not, plan.modelRequest is always null. */
  modelAvailable: boolean;
  /** Evaluation only: the learned intent model to use (null: rules alone) and how; the shipped ones by default. */
  classifier?: { intentModel?: IntentModel | null; learnedPolicy?: LearnedPolicy };
}

export interface TurnPlan {
  input: DraftTurnInput;
  classification: Classification | null;
  decision: DraftPolicyDecision;
  /** What to ask the model, or null when its answer could not change the outcome. */
  modelRequest: ModelRequest | null;
  /** What the turn says (date, time, people, level), read in the instructor's time zone. */
  facts: TurnFacts;
  profile: InstructorProfile;
  timeZone: string;
  /** The reference time for "tomorrow" and "Saturday": the last message of the turn. */
  now: Date;
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

const toModelMessage = (m: TurnMessage): ModelRequestMessage | null =>
  m.text?.trim()
    ? {
        from: m.direction === "inbound" ? "customer" : "instructor",
        text: m.text.trim(),
        sentAt: m.sentAt.toISOString(),
      }
    : null;

export function planTurnDraft(input: DraftTurnInput): TurnPlan {
  const { instructor, windowOpen } = input;
  const text = turnText(input.turn);
  const settings = { draftsEnabled: instructor.draftsEnabled, draftThreshold: instructor.draftThreshold };
  const profile = readProfile(instructor.profile);
  const { timeZone } = resolveTimeSettings({ timeZone: instructor.timeZone, defaultRegion: instructor.defaultRegion });
  const now = input.turn.at(-1)?.sentAt ?? new Date(0);
  const classification = text
    ? classifyMessage({ text, fallbackLanguage: languageForRegion(instructor.defaultRegion), ...input.classifier })
    : null;
  const facts = classification ? extractFacts({ text, language: classification.language, now, timeZone }) : NO_FACTS;
  const decision = decideDraft({
    settings,
    messageType: text ? "text" : (input.turn.at(-1)?.type ?? "text"),
    windowOpen,
    classification: policyClassification(classification),
  });
  // The model is asked only when its answer could change the outcome (not for handoffs, drafts off,
  // a closed window or a turn without text): fewer calls, and a slow model never delays those.
  const askModel =
    input.modelAvailable &&
    classification &&
    decision.decision !== "handoff" &&
    !classification.evidence.spam &&
    settings.draftsEnabled &&
    windowOpen;
  const wc = wallClock(now, timeZone);
  const modelRequest: ModelRequest | null = askModel
    ? {
        turn: input.turn.map(toModelMessage).filter((m): m is ModelRequestMessage => m !== null),
        history: input.history
          .map(toModelMessage)
          .filter((m): m is ModelRequestMessage => m !== null)
          .slice(-MODEL_HISTORY_MESSAGES),
        instructorName: instructor.name,
        profile,
        priceText: instructor.priceText,
        customer: { name: input.customer.name, notes: input.customer.notes },
        language: classification.language,
        timeZone,
        today: `${wc.year}-${String(wc.month).padStart(2, "0")}-${String(wc.day).padStart(2, "0")}`,
        understood: understoodHint(facts),
      }
    : null;
  return { input, classification, decision, modelRequest, facts, profile, timeZone, now };
}

export function completeTurnDraft(plan: TurnPlan, modelResult: ModelResult | null): TurnDraftOutcome {
  const { input, facts, profile } = plan;
  const { instructor, windowOpen } = input;
  const settings = { draftsEnabled: instructor.draftsEnabled, draftThreshold: instructor.draftThreshold };
  let { classification, decision } = plan;
  if (modelResult && classification) {
    classification = trustModelClassification(classification, modelResult);
    decision = decideDraft({
      settings,
      messageType: "text",
      windowOpen,
      classification: policyClassification(classification),
    });
  }
  const outcome = (
    text: string | null,
    generator: string | null,
    promptVersion: string | null,
    used?: FactsUsed | null,
  ): TurnDraftOutcome => ({
    classification:
      classification && used
        ? { ...classification, evidence: { ...classification.evidence, draftFacts: used } }
        : classification,
    decision,
    proposedText: text,
    generator,
    promptVersion,
    modelCalled: modelResult !== null,
  });
  if (decision.decision !== "draft" || !classification) return outcome(null, null, null);
  const text = turnText(input.turn);
  const composed = composeDraft({
    intent: classification.intent,
    language: classification.language,
    instructor: { name: instructor.name, priceText: instructor.priceText, replyTemplates: instructor.replyTemplates },
    customerName: input.customer.name,
  });
  // The instructor's own template wins; then the model's reply (checked); then a reply from facts; then the default.
  if (composed?.templateSource === "instructor")
    return outcome(composed.text, DETERMINISTIC_GENERATOR, TEMPLATES_VERSION);
  if (modelResult?.ok && modelResult.answer.reply) {
    const check = checkModelReply({
      reply: modelResult.answer.reply,
      language: classification.language,
      profile,
      priceText: instructor.priceText,
      conversation: [...input.history, ...input.turn].map((m) => m.text ?? ""),
      now: plan.now,
      timeZone: plan.timeZone,
    });
    if (!check.ok) {
      classification = { ...classification, evidence: { ...classification.evidence, modelBlocked: check.reason } };
      decision = { decision: "no_draft", reason: `no draft: ${check.reason}`, attention: null };
      return outcome(null, null, null);
    }
    return outcome(
      modelResult.answer.reply,
      `${modelResult.generator}@${modelResult.promptVersion}`,
      modelResult.promptVersion,
    );
  }
  const fromFacts = composeFromFacts({
    intent: classification.intent,
    language: classification.language,
    text,
    facts,
    profile,
    instructorName: instructor.name,
    customerName: input.customer.name,
    priceText: instructor.priceText,
  });
  if (fromFacts) return outcome(fromFacts.text, FACTS_GENERATOR, TEMPLATES_VERSION, fromFacts.facts);
  // A question the profile does not answer gets no "I'll get back to you" filler: the instructor answers it.
  if (classification.intent === "general_question") {
    decision = {
      decision: "no_draft",
      reason: "no draft: your profile does not answer this question",
      attention: null,
    };
    return outcome(null, null, null);
  }
  if (composed) return outcome(composed.text, DETERMINISTIC_GENERATOR, TEMPLATES_VERSION);
  decision = { decision: "no_draft", reason: `no draft: no template for ${classification.intent}`, attention: null };
  return outcome(null, null, null);
}

function understoodHint(facts: TurnFacts): Record<string, unknown> {
  return {
    date: facts.date?.iso ?? null,
    time: facts.time?.hhmm ?? null,
    partOfDay: facts.partOfDay,
    people: facts.people?.total ?? null,
    level: facts.level?.level ?? null,
  };
}
