import "server-only";
/**
 * A drafting run's last attempt failed: leave a visible 'failed' draft for the turn (the instructor can
 * still reply), never hiding a draft a human touched.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { loadOpenTurn } from "@/db/queries/conversation-turn";
import { currentDraft } from "@/db/queries/current-draft";
import { drafts } from "@/db/schema";
import { isDatabaseError } from "@/lib/http/api-errors";
import { HUMAN_DRAFT_STATES } from "@/lib/drafting/decide-turn-redraft";
import type { DraftTurnArgs } from "./draft-turn-types";

export async function recordFailedDraft(
  { instructorId, conversationId }: DraftTurnArgs,
  error: unknown,
): Promise<void> {
  const { turn } = await loadOpenTurn({ instructorId, conversationId });
  const newest = turn.at(-1);
  if (!newest) return;
  const message = draftFailureReason(error);
  await db.transaction(async (tx) => {
    const draftId = randomUUID();
    const still = await currentDraft({ conversationId, forUpdate: true }, tx);
    if (still && HUMAN_DRAFT_STATES.includes(still.state)) return; // never hide the instructor's work
    if (still)
      await tx
        .update(drafts)
        .set({ supersededBy: draftId, state: "superseded", updatedAt: new Date() })
        .where(eq(drafts.id, still.id));
    await tx.insert(drafts).values({
      id: draftId,
      instructorId,
      conversationId,
      messageId: newest.id,
      state: "failed",
      error: message,
      attempts: 1,
    });
  });
}

/**
 * What the draft panel shows for a failed attempt: a generic reason. The error itself (a query error
 * carries the SQL and its parameters: the customer's message) goes to the redacted log by the queue.
 */
function draftFailureReason(error: unknown): string {
  if (isDatabaseError(error)) return "the database could not be reached";
  return "an internal error (details are in the server log)";
}
