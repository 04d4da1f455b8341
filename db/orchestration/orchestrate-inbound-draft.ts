import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { notifyConversationAfterCommit } from "@/db/push/notify-instructor";
import { customerForDrafting } from "@/db/queries/draft-customer";
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
import type { Classification } from "@/lib/classification/classify-message";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import { isDatabaseError } from "@/lib/http/api-errors";
import type { DraftPolicyDecision } from "@/lib/draft-policy/decide-draft";
import { completeTurnDraft, planTurnDraft } from "@/lib/drafting/plan-turn-draft";
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
    // The customer's own send time (WhatsApp's timestamp), not when we stored it: a late delivery
    // arrives with the window already closed and must not get a free-form draft that cannot be sent.
    const lastInboundAt = latest(conversation.lastInboundAt, message.sentAt ?? message.createdAt);
    const windowOpen = customerServiceWindow({ lastInboundAt, now }).open;
    const model = options.model === undefined ? modelClientFromEnv() : options.model;
    const linked = await customerForDrafting({ instructorId: instructor.id, customerId: conversation.customerId });
    const plan = planTurnDraft({
      turn: [{ direction: "inbound", type: message.type, text: message.type === "text" ? message.body : null, sentAt: message.createdAt }],
      history: [],
      instructor: {
        name: instructor.name,
        defaultRegion: instructor.defaultRegion,
        draftsEnabled: instructor.draftsEnabled,
        draftThreshold: instructor.draftThreshold,
        priceText: instructor.priceText,
        replyTemplates: instructor.replyTemplates,
        profile: instructor.profile,
      },
      customer: { name: linked?.name ?? conversation.displayName, notes: linked?.notes ?? null },
      windowOpen,
      modelAvailable: !!model,
    });
    const modelResult: ModelResult | null = model && plan.modelRequest ? await model.classifyAndDraft(plan.modelRequest) : null;
    const { classification, decision, proposedText, generator, promptVersion } = completeTurnDraft(plan, modelResult);

    return await finalize({ draftId, attempt, context, classification, decision, proposedText, generator, promptVersion, now, modelCalled: modelResult !== null });
  } catch (error) {
    // TA-3 failure mode: orchestration throws → the message stays persisted; the sweep retries this row.
    await db
      .update(drafts)
      .set({ state: "failed", error: draftFailureReason(error), updatedAt: new Date() })
      .where(and(eq(drafts.id, draftId), eq(drafts.state, "pending"), eq(drafts.attempts, attempt)));
    throw error;
  }
}

/**
 * What the draft panel shows for a failed attempt: a generic reason. The error itself (a query error
 * carries the SQL and its parameters: the customer's message) goes to the redacted log by the caller.
 */
function draftFailureReason(error: unknown): string {
  if (isDatabaseError(error)) return "the database could not be reached";
  return "an internal error (details are in the server log)";
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
  const result = await db.transaction(async (tx) => {
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
  // After commit, detached and never throwing: the instructor's devices hear about it within seconds.
  if (result.outcome === "completed" && result.state !== "superseded") notifyConversationAfterCommit({ instructorId: instructor.id, conversationId: conversation.id });
  return result;
}

function latest(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

function rowsOfCount(rows: unknown[]): boolean {
  return rows.length > 0;
}
