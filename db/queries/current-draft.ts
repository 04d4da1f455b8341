import "server-only";
/** A conversation's current draft: the one not superseded and still in play (at most one, by a unique index). */
import { and, desc, eq, isNull, notInArray } from "drizzle-orm";
import { db as defaultDb, type DbOrTx } from "@/db";
import { drafts, type Draft } from "@/db/schema";
import type { DraftState } from "@/lib/vocabulary";

/** States no longer in play: closed for good. */
const CLOSED_DRAFT_STATES: DraftState[] = ["superseded", "rejected", "sent"];

/** The drafts row that is its conversation's current draft (for a join: at most one per conversation). */
export function isCurrentDraft() {
  return and(isNull(drafts.supersededBy), notInArray(drafts.state, CLOSED_DRAFT_STATES));
}

/** `forUpdate` (inside a transaction) serializes with the instructor's edits on that draft. */
export async function currentDraft(
  { conversationId, forUpdate = false }: { conversationId: string; forUpdate?: boolean },
  database: DbOrTx = defaultDb,
): Promise<Draft | null> {
  const query = database
    .select()
    .from(drafts)
    .where(and(eq(drafts.conversationId, conversationId), isCurrentDraft()))
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}
