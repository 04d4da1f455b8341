import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  conversations,
  drafts,
  instructors,
  messages,
  type Conversation,
  type DraftDecision,
  type DraftState,
  type Instructor,
  type Message,
} from "@/db/schema";
import { classifyMessage, type Classification } from "@/lib/classification/classify-message";
import { languageForRegion } from "@/lib/classification/detect-language";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import { decideDraft, type DraftPolicyDecision } from "@/lib/draft-policy/decide-draft";
import { composeDraft } from "@/lib/drafting/compose-draft";
import { TEMPLATES_VERSION } from "@/lib/drafting/default-templates";
import { modelClientFromEnv, type ModelClient, type ModelResult } from "@/lib/ai/model-client";

export interface OrchestrateInboundDraftArgs {
  instructorId: string;
  /** The `messages.id` of the committed inbound message. */
  messageId: string;
}

export interface OrchestrateOptions {
  /** The model to try first; default: from lib/env (null when AI_BASE_URL/AI_MODEL are unset). */
  model?: ModelClient | null;
  now?: () => Date;
}

export type OrchestrateInboundDraftResult =
  | { outcome: "skipped"; reason: "message not found" | "not an inbound message" }
  /** Another run (a webhook retry, the sweep, another instance) holds or finished this message. */
  | { outcome: "already_claimed" }
  /** The sweep re-claimed this row while we ran (we looked stale): our result was discarded. */
  | { outcome: "lost_claim"; draftId: string }
  | {
      outcome: "completed";
      draftId: string;
      state: DraftState;
      decision: DraftDecision;
      reason: string;
      generator: string | null;
      modelCalled: boolean;
    };

export const DETERMINISTIC_GENERATOR = "deterministic@1";

/**
 * TA-3 step 5: classification + confidence policy + optional draft, idempotent per message.
 * It proposes; it never sends and never links. One `drafts` row per message holds the result: the
 * row is claimed first (insert … on conflict do nothing), so a second run — a webhook retry, the
 * recovery sweep, another instance — does nothing and never calls the model a second time.
 * The webhook calls it after commit, fire-and-forget; it throws only when the row was marked `failed`.
 */
export async function orchestrateInboundDraft(args: OrchestrateInboundDraftArgs, options: OrchestrateOptions = {}): Promise<void> {
  await runInboundDraftOrchestration(args, options);
}

/** orchestrateInboundDraft, returning what happened (tests, the sweep, scripts). */
export async function runInboundDraftOrchestration(
  { instructorId, messageId }: OrchestrateInboundDraftArgs,
  options: OrchestrateOptions = {},
): Promise<OrchestrateInboundDraftResult> {
  const context = await loadContext({ instructorId, messageId });
  if (!context) return { outcome: "skipped", reason: "message not found" };
  if (context.message.direction !== "inbound") return { outcome: "skipped", reason: "not an inbound message" };
  const now = options.now?.() ?? new Date();
  // TA-3 idempotency: the unique key on drafts.message_id decides who runs.
  const [claimed] = await db
    .insert(drafts)
    .values({
      instructorId,
      conversationId: context.message.conversationId,
      messageId,
      state: "pending",
      attempts: 1,
      claimedAt: now,
    })
    .onConflictDoNothing({ target: drafts.messageId })
    .returning({ id: drafts.id, attempts: drafts.attempts });
  if (!claimed) return { outcome: "already_claimed" };
  return completeClaimedDraft({ draftId: claimed.id, attempt: claimed.attempts, context, options });
}

export interface DraftContext {
  message: Message;
  conversation: Conversation;
  instructor: Instructor;
}

export async function loadContext({ instructorId, messageId }: OrchestrateInboundDraftArgs): Promise<DraftContext | null> {
  const [row] = await db
    .select({ message: messages, conversation: conversations, instructor: instructors })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(instructors, eq(instructors.id, messages.instructorId))
    .where(and(eq(messages.id, messageId), eq(messages.instructorId, instructorId)))
    .limit(1);
  return row ?? null;
}

/**
 * Runs a claimed row to its result. `attempt` is the fencing token: the row is only written while it is
 * still `pending` with this attempt number, so a run the sweep considered stale cannot overwrite the retry.
 */
export async function completeClaimedDraft({
  draftId,
  attempt,
  context,
  options,
}: {
  draftId: string;
  attempt: number;
  context: DraftContext;
  options: OrchestrateOptions;
}): Promise<OrchestrateInboundDraftResult> {
  const { message, conversation, instructor } = context;
  const now = options.now?.() ?? new Date();
  try {
    const isText = message.type === "text" && !!message.body?.trim();
    const lastInboundAt = latest(conversation.lastInboundAt, message.createdAt);
    const windowOpen = customerServiceWindow({ lastInboundAt, now }).open;
    const settings = { draftsEnabled: instructor.draftsEnabled, draftThreshold: instructor.draftThreshold };

    let classification: Classification | null = isText
      ? classifyMessage({ text: message.body!, fallbackLanguage: languageForRegion(instructor.defaultRegion) })
      : null;
    let decision = decideDraft({ settings, messageType: isText ? "text" : message.type, windowOpen, classification: policyView(classification) });

    // The model is asked only when its answer could change the outcome (not for handoffs, drafts off,
    // a closed window or a non-text message): fewer calls, and a slow model never delays those.
    const model = options.model === undefined ? modelClientFromEnv() : options.model;
    let modelResult: ModelResult | null = null;
    if (model && classification && decision.decision !== "handoff" && settings.draftsEnabled && windowOpen) {
      modelResult = await model.classifyAndDraft({
        text: message.body!,
        instructorName: instructor.name,
        priceText: instructor.priceText,
        languageHint: classification.language,
      });
      classification = combineWithModel(classification, modelResult);
      decision = decideDraft({ settings, messageType: "text", windowOpen, classification: policyView(classification) });
    }

    let proposedText: string | null = null;
    let generator: string | null = null;
    let promptVersion: string | null = null;
    if (decision.decision === "draft" && classification) {
      const composed = composeDraft({
        intent: classification.intent,
        language: classification.language,
        instructor: { name: instructor.name, priceText: instructor.priceText, replyTemplates: instructor.replyTemplates },
        customerName: conversation.displayName,
      });
      // The instructor's own template wins over the model; the model's reply over the built-in default.
      if (composed?.templateSource === "instructor") {
        [proposedText, generator, promptVersion] = [composed.text, DETERMINISTIC_GENERATOR, TEMPLATES_VERSION];
      } else if (modelResult?.ok && modelResult.answer.reply) {
        [proposedText, generator, promptVersion] = [modelResult.answer.reply, `${modelResult.generator}@${modelResult.promptVersion}`, modelResult.promptVersion];
      } else if (composed) {
        [proposedText, generator, promptVersion] = [composed.text, DETERMINISTIC_GENERATOR, TEMPLATES_VERSION];
      } else {
        decision = { decision: "no_draft", reason: `no draft: no template for ${classification.intent}`, attention: null };
      }
    }

    return await finalize({ draftId, attempt, context, classification, decision, proposedText, generator, promptVersion, now, modelCalled: modelResult !== null });
  } catch (error) {
    // TA-3 failure mode: orchestration throws → the message stays persisted; the sweep retries this row.
    await db
      .update(drafts)
      .set({ state: "failed", error: error instanceof Error ? error.message.slice(0, 500) : String(error), updatedAt: new Date() })
      .where(and(eq(drafts.id, draftId), eq(drafts.state, "pending"), eq(drafts.attempts, attempt)));
    throw error;
  }
}

async function finalize(args: {
  draftId: string;
  attempt: number;
  context: DraftContext;
  classification: Classification | null;
  decision: DraftPolicyDecision;
  proposedText: string | null;
  generator: string | null;
  promptVersion: string | null;
  now: Date;
  modelCalled: boolean;
}): Promise<OrchestrateInboundDraftResult> {
  const { draftId, attempt, context, classification, decision, now } = args;
  const { message, conversation, instructor } = context;
  return db.transaction(async (tx) => {
    // A proposal for a message the customer has already followed up on is stale from the start.
    const newerExists = rowsOfCount(
      await tx
        .select({ id: messages.id })
        .from(messages)
        .where(
          and(
            eq(messages.conversationId, conversation.id),
            eq(messages.direction, "inbound"),
            sql`${messages.createdAt} > (select m.created_at from messages m where m.id = ${message.id})`,
          ),
        )
        .limit(1),
    );
    const state: DraftState = args.proposedText ? (newerExists ? "superseded" : "proposed") : "not_drafted";
    const updated = await tx
      .update(drafts)
      .set({
        state,
        decision: decision.decision,
        reason: newerExists && args.proposedText ? `${decision.reason}; superseded by a newer message` : decision.reason,
        intent: classification?.intent ?? null,
        language: classification?.language ?? null,
        confidence: classification?.confidence ?? null,
        evidence: classification?.evidence ?? null,
        generator: args.generator,
        promptVersion: args.promptVersion,
        proposedText: args.proposedText,
        error: null,
        updatedAt: now,
      })
      .where(and(eq(drafts.id, draftId), eq(drafts.state, "pending"), eq(drafts.attempts, attempt)))
      .returning({ id: drafts.id });
    if (updated.length === 0) return { outcome: "lost_claim" as const, draftId };

    // A newer inbound message supersedes an older proposal the instructor has not touched;
    // an edited (or approved, sent…) draft is never overwritten: only state 'proposed' moves.
    await tx
      .update(drafts)
      .set({ state: "superseded", updatedAt: now })
      .where(
        and(
          eq(drafts.conversationId, conversation.id),
          eq(drafts.state, "proposed"),
          sql`${drafts.id} <> ${draftId}`,
          sql`${drafts.messageId} in (select m.id from messages m where m.conversation_id = ${conversation.id}
                and m.created_at < (select m2.created_at from messages m2 where m2.id = ${message.id}))`,
        ),
      );

    if (decision.decision === "handoff" && decision.attention) {
      // Handoff / escalation marks the conversation for the inbox filter; a handoff never downgrades an escalation.
      await tx
        .update(conversations)
        .set({ attention: decision.attention, attentionReason: decision.reason, attentionAt: now, updatedAt: now })
        .where(
          and(
            eq(conversations.id, conversation.id),
            decision.attention === "escalated" ? undefined : sql`${conversations.attention} is distinct from 'escalated'`,
          ),
        );
      // CM-2.5: a state change that matters, made by the system (actor null).
      await recordAuditEvent(tx, {
        instructorId: instructor.id,
        actorUserId: null,
        action: `conversation.${decision.attention}`,
        entityType: "conversation",
        entityId: conversation.id,
        data: { messageId: message.id, draftId, reason: decision.reason, intent: classification?.intent ?? null },
      });
    }
    return {
      outcome: "completed" as const,
      draftId,
      state,
      decision: decision.decision,
      reason: decision.reason,
      generator: args.generator,
      modelCalled: args.modelCalled,
    };
  });
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

function latest(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

function rowsOfCount(rows: unknown[]): boolean {
  return rows.length > 0;
}
