import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, notInArray, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { loadOpenTurn, type TurnMessageRow } from "@/db/queries/conversation-turn";
import { notifyConversationAfterCommit } from "@/db/push/notify-instructor";
import { customerForDrafting } from "@/db/queries/draft-customer";
import { DRAFT_TURN_JOB } from "./draft-turn-job-kind";
import { enqueueJob, registerJobHandler, type JobContext } from "@/db/queue";
import { conversations, drafts, instructors, messages, type Draft } from "@/db/schema";
import type { DraftDecision, DraftState } from "@/lib/vocabulary";
import { isDatabaseError } from "@/lib/http/api-errors";
import type { ModelClient, ModelResult } from "@/lib/ai/model-request";
import { modelClientFromEnv } from "@/server/ai/model-client";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import { turnMessageRole } from "@/lib/drafting/asks-nothing";
import { completeTurnDraft, planTurnDraft, type TurnMessage } from "@/lib/drafting/plan-turn-draft";

/** One job per conversation (its key), coalesced while it waits or runs. */
export { DRAFT_TURN_JOB };

export interface OrchestrateOptions {
  /** The model to try first; default: from lib/env (null when AI_BASE_URL/AI_MODEL are unset). */
  model?: ModelClient | null;
  now?: () => Date;
}

/** States in which a human has touched the draft: the drafter never replaces it within its turn. */
export const HUMAN_DRAFT_STATES: DraftState[] = ["edited", "approved", "sending", "send_failed", "unknown"];
/** States no longer in play: closed for good. */
const CLOSED_DRAFT_STATES: DraftState[] = ["superseded", "rejected", "sent"];

export type DraftTurnResult =
  | { outcome: "skipped"; reason: "conversation not found" | "no open turn" }
  /** The current draft changed while the model ran (another run, or the instructor): nothing written. */
  | { outcome: "raced" }
  /** The current draft already covers the turn, or the new messages ask nothing: left as it is. */
  | { outcome: "kept"; draftId: string; reason: "up to date" | "new messages ask nothing" | "edited by the instructor" }
  | {
      outcome: "completed";
      draftId: string;
      supersededId: string | null;
      state: DraftState;
      decision: DraftDecision;
      reason: string;
      generator: string | null;
      modelCalled: boolean;
    };

export interface DraftTurnArgs {
  instructorId: string;
  conversationId: string;
  /** The instructor asked for a fresh proposal: replace even an edited draft of this turn. */
  fresh?: boolean;
}

/** Queue the turn's drafting (the webhook does this inside ingestion's own statement instead). */
export async function enqueueTurnDraft(args: DraftTurnArgs): Promise<void> {
  await enqueueJob(db, {
    kind: DRAFT_TURN_JOB,
    key: args.conversationId,
    payload: { instructorId: args.instructorId, conversationId: args.conversationId, ...(args.fresh ? { fresh: true } : {}) },
  });
}

/** The queue handler: the job's payload is `{ instructorId, conversationId, fresh? }`. */
export function registerDraftTurnJob(options: OrchestrateOptions = {}): void {
  registerJobHandler(DRAFT_TURN_JOB, async (payload, job) => {
    const instructorId = String(payload.instructorId ?? "");
    const conversationId = String(payload.conversationId ?? "");
    await draftConversationTurnJob({ instructorId, conversationId, fresh: payload.fresh === true }, job, options);
  });
}

async function draftConversationTurnJob(args: DraftTurnArgs, job: JobContext, options: OrchestrateOptions) {
  try {
    await draftConversationTurn(args, options);
  } catch (error) {
    // The last attempt: leave a visible 'failed' draft (the instructor can still reply), then let the queue record it.
    if (job.attempt >= job.maxAttempts) await recordFailedDraft(args, error).catch(() => {});
    throw error;
  }
}

/**
 * TA-3 step 5, per conversation turn: classification + policy + optional draft for the open turn. It
 * proposes; it never sends and never links. One current draft per conversation:
 * - no current draft for this turn → draft the turn;
 * - the current draft covers the newest message → nothing to do (a retried job calls no model);
 * - newer messages that ask nothing (👍, "ok", thanks, a sticker, a photo) → the pending answer stays;
 * - the instructor edited/approved it → it stays (the panel offers a fresh proposal), unless `fresh`;
 * - otherwise → a new draft for the whole turn, and the old one is marked superseded *by* it.
 */
export async function draftConversationTurn(args: DraftTurnArgs, options: OrchestrateOptions = {}): Promise<DraftTurnResult> {
  const { instructorId, conversationId } = args;
  const now = options.now?.() ?? new Date();
  const [context] = await db
    .select({ conversation: conversations, instructor: instructors })
    .from(conversations)
    .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .limit(1);
  if (!context) return { outcome: "skipped", reason: "conversation not found" };
  const { conversation, instructor } = context;
  const { turn, history } = await loadOpenTurn({ instructorId, conversationId });
  const current = await currentDraft(conversationId);

  if (turn.length === 0) {
    // The instructor answered (or dismissed): a machine proposal for the closed turn is stale.
    if (current && !HUMAN_DRAFT_STATES.includes(current.state)) {
      await db
        .update(drafts)
        .set({ state: "superseded", updatedAt: now })
        .where(and(eq(drafts.id, current.id), eq(drafts.state, current.state), isNull(drafts.supersededBy)));
    }
    return { outcome: "skipped", reason: "no open turn" };
  }

  const newest = turn.at(-1)!;
  const basisIndex = current ? turn.findIndex((m) => m.id === current.messageId) : -1;
  if (current && basisIndex >= 0) {
    const newer = turn.slice(basisIndex + 1);
    if (newer.length === 0 && !args.fresh) return { outcome: "kept", draftId: current.id, reason: "up to date" };
    if (HUMAN_DRAFT_STATES.includes(current.state) && !args.fresh) return { outcome: "kept", draftId: current.id, reason: "edited by the instructor" };
    if (!args.fresh && newer.every((m) => turnMessageRole({ type: m.type, text: m.body }) !== "asks")) {
      return { outcome: "kept", draftId: current.id, reason: "new messages ask nothing" };
    }
  }
  // A current draft whose message lies before the open turn belongs to a turn the instructor closed
  // (a reply went out): it is replaced below, whatever its state.

  // The turn as the drafter sees it: when something in it asks, messages that ask nothing are left out
  // (a "merci" after a price question must not turn the answer into a thank-you).
  const roles = turn.map((m) => turnMessageRole({ type: m.type, text: m.body }));
  const asking = roles.includes("asks");
  const turnForPlan = turn.filter((_, i) => !asking || roles[i] !== "nothing");

  // WhatsApp's window from the customer's own send time (WhatsApp's timestamp), not when we stored it, as
  // the approval checks it: a late delivery arrives with the window already closed and gets no free-form draft.
  const lastInboundAt = latest(conversation.lastInboundAt, newest.at);
  const windowOpen = customerServiceWindow({ lastInboundAt, now }).open;
  const model = options.model === undefined ? modelClientFromEnv() : options.model;
  const linked = await customerForDrafting({ instructorId, customerId: conversation.customerId });
  const plan = planTurnDraft({
    turn: turnForPlan.map(toTurnMessage),
    history: history.map(toTurnMessage),
    instructor: {
      name: instructor.name,
      defaultRegion: instructor.defaultRegion,
      draftsEnabled: instructor.draftsEnabled,
      draftThreshold: instructor.draftThreshold,
      priceText: instructor.priceText,
      replyTemplates: instructor.replyTemplates,
      profile: instructor.profile,
      timeZone: instructor.timeZone,
    },
    customer: { name: linked?.name ?? conversation.displayName, notes: linked?.notes ?? null },
    windowOpen,
    modelAvailable: !!model,
  });
  const modelResult: ModelResult | null = model && plan.modelRequest ? await model.classifyAndDraft(plan.modelRequest) : null;
  const { classification, decision, proposedText, generator, promptVersion } = completeTurnDraft(plan, modelResult);
  const state: DraftState = proposedText ? "proposed" : "not_drafted";

  const result: DraftTurnResult = await db.transaction(async (tx): Promise<DraftTurnResult> => {
    // Serialize with the instructor's edits on this conversation's current draft, then re-check it.
    const [still] = await tx
      .select()
      .from(drafts)
      .where(and(eq(drafts.conversationId, conversationId), isNull(drafts.supersededBy), notInArray(drafts.state, CLOSED_DRAFT_STATES)))
      .orderBy(desc(drafts.createdAt), desc(drafts.id))
      .limit(1)
      .for("update");
    if ((still?.id ?? null) !== (current?.id ?? null)) {
      // Another run or a human decision changed the current draft meanwhile: a queued re-run looks again.
      return { outcome: "raced" as const };
    }
    if (still && !args.fresh && HUMAN_DRAFT_STATES.includes(still.state) && turn.some((m) => m.id === still.messageId)) {
      return { outcome: "kept" as const, draftId: still.id, reason: "edited by the instructor" as const };
    }
    const draftId = randomUUID();
    if (still) {
      // Machine states close as 'superseded'; a human state keeps its state (a send in flight still
      // reports its outcome) but is no longer the current draft.
      await tx
        .update(drafts)
        .set({
          supersededBy: draftId,
          state: sql`case when ${drafts.state} in ('edited', 'approved', 'sending', 'send_failed', 'unknown') then ${drafts.state} else 'superseded' end`,
          updatedAt: now,
        })
        .where(eq(drafts.id, still.id));
    }
    await tx.insert(drafts).values({
      id: draftId,
      instructorId,
      conversationId,
      messageId: newest.id,
      state,
      decision: decision.decision,
      reason: decision.reason,
      intent: classification?.intent ?? null,
      language: classification?.language ?? null,
      confidence: classification?.confidence ?? null,
      evidence: classification?.evidence ?? null,
      generator,
      promptVersion,
      proposedText,
      attempts: 1,
      claimedAt: now,
      createdAt: now,
      updatedAt: now,
    });

    if (decision.decision === "handoff" && decision.attention) {
      // Handoff / escalation marks the conversation for the inbox filter; a handoff never downgrades an escalation.
      await tx
        .update(conversations)
        .set({ attention: decision.attention, attentionReason: decision.reason, attentionAt: now, updatedAt: now })
        .where(
          and(
            eq(conversations.id, conversationId),
            decision.attention === "escalated" ? undefined : sql`${conversations.attention} is distinct from 'escalated'`,
          ),
        );
      // CM-2.5: a state change that matters, made by the system (actor null).
      await recordAuditEvent(tx, {
        instructorId,
        actorUserId: null,
        action: `conversation.${decision.attention}`,
        entityType: "conversation",
        entityId: conversationId,
        data: { messageId: newest.id, draftId, reason: decision.reason, intent: classification?.intent ?? null },
      });
    }
    return {
      outcome: "completed" as const,
      draftId,
      supersededId: still?.id ?? null,
      state,
      decision: decision.decision,
      reason: decision.reason,
      generator,
      modelCalled: modelResult !== null,
    };
  });
  // After commit, detached and never throwing: the instructor's devices hear about it within seconds.
  if (result.outcome === "completed" && result.state !== "superseded") notifyConversationAfterCommit({ instructorId, conversationId });
  return result;
}

function latest(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

/**
 * What the draft panel shows for a failed attempt: a generic reason. The error itself (a query error
 * carries the SQL and its parameters: the customer's message) goes to the redacted log by the queue.
 */
function draftFailureReason(error: unknown): string {
  if (isDatabaseError(error)) return "the database could not be reached";
  return "an internal error (details are in the server log)";
}

function toTurnMessage(m: TurnMessageRow): TurnMessage {
  return { direction: m.direction, type: m.type, text: m.body, sentAt: m.at };
}

/** The conversation's current draft: not superseded and still in play. */
export async function currentDraft(conversationId: string): Promise<Draft | null> {
  const [row] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.conversationId, conversationId), isNull(drafts.supersededBy), notInArray(drafts.state, CLOSED_DRAFT_STATES)))
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(1);
  return row ?? null;
}

async function recordFailedDraft({ instructorId, conversationId }: DraftTurnArgs, error: unknown) {
  const { turn } = await loadOpenTurn({ instructorId, conversationId });
  const newest = turn.at(-1);
  if (!newest) return;
  const message = draftFailureReason(error);
  await db.transaction(async (tx) => {
    const draftId = randomUUID();
    const [still] = await tx
      .select()
      .from(drafts)
      .where(and(eq(drafts.conversationId, conversationId), isNull(drafts.supersededBy), notInArray(drafts.state, CLOSED_DRAFT_STATES)))
      .limit(1)
      .for("update");
    if (still && HUMAN_DRAFT_STATES.includes(still.state)) return; // never hide the instructor's work
    if (still) await tx.update(drafts).set({ supersededBy: draftId, state: "superseded", updatedAt: new Date() }).where(eq(drafts.id, still.id));
    await tx.insert(drafts).values({ id: draftId, instructorId, conversationId, messageId: newest.id, state: "failed", error: message, attempts: 1 });
  });
}

/**
 * Drafts the turn of the conversation `messageId` belongs to, now, in this call (scripts and tests;
 * production goes through the queue).
 */
export async function runInboundDraftOrchestration(
  { instructorId, messageId }: { instructorId: string; messageId: string },
  options: OrchestrateOptions = {},
): Promise<DraftTurnResult | { outcome: "skipped"; reason: "message not found" }> {
  const [message] = await db
    .select({ conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.instructorId, instructorId)))
    .limit(1);
  if (!message) return { outcome: "skipped", reason: "message not found" };
  return draftConversationTurn({ instructorId, conversationId: message.conversationId }, options);
}
