import "server-only";
/**
 * The first step of drafting a turn: load the conversation, its open turn and its current draft (two
 * statements, side by side), and decide (lib/drafting/decide-turn-redraft) whether this run drafts. Only a
 * stale machine proposal for a closed turn is written here; everything else is left to finalize-turn-draft.
 */
import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { loadOpenTurn, type TurnMessageRow } from "@/db/queries/conversation-turn";
import { isCurrentDraft } from "@/db/queries/current-draft";
import { conversations, drafts, instructors, type Conversation, type Draft, type Instructor } from "@/db/schema";
import { decideTurnRedraft } from "@/lib/drafting/decide-turn-redraft";
import type { DraftTurnArgs, DraftTurnResult } from "./draft-turn-types";

export interface TurnClaim {
  conversation: Conversation;
  instructor: Instructor;
  /** The whole open turn, oldest first. */
  turn: TurnMessageRow[];
  /** The turn as the drafter reads it (messages that ask nothing left out when something asks). */
  turnForPlan: TurnMessageRow[];
  history: TurnMessageRow[];
  /** The current draft this run may replace; finalize checks it is still the current one. */
  current: Draft | null;
}

export async function claimOpenTurn(
  args: DraftTurnArgs,
  now: Date,
): Promise<{ claim: TurnClaim } | { result: DraftTurnResult }> {
  const { instructorId, conversationId } = args;
  // The conversation, its instructor and its current draft in one statement (the unique index allows at
  // most one current draft), the turn beside it.
  const [rows, { turn, history }] = await Promise.all([
    db
      .select({ conversation: conversations, instructor: instructors, current: drafts })
      .from(conversations)
      .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
      .leftJoin(drafts, and(eq(drafts.conversationId, conversations.id), isCurrentDraft()))
      .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
      .limit(1),
    loadOpenTurn({ instructorId, conversationId }),
  ]);
  const found = rows[0];
  if (!found) return { result: { outcome: "skipped", reason: "conversation not found" } };
  const { current, ...context } = found;

  const redraft = decideTurnRedraft({ turn, current, fresh: args.fresh });
  if (redraft.action === "skip") {
    if (redraft.closeCurrent && current) {
      // Guarded on the state read: an instructor's edit made meanwhile is never closed.
      await db
        .update(drafts)
        .set({ state: "superseded", updatedAt: now })
        .where(and(eq(drafts.id, current.id), eq(drafts.state, current.state), isNull(drafts.supersededBy)));
    }
    return { result: { outcome: "skipped", reason: "no open turn" } };
  }
  if (redraft.action === "keep")
    return { result: { outcome: "kept", draftId: redraft.draftId, reason: redraft.reason } };
  return { claim: { ...context, turn, turnForPlan: redraft.messages, history, current } };
}
