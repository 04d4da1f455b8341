import "server-only";
import { db } from "@/db";
import { enqueueJob } from "@/db/queue";
import { DRAFT_TURN_JOB } from "./draft-turn-job-kind";
import type { DraftTurnArgs } from "./draft-turn-types";

/**
 * Queue the turn's drafting: one job per conversation (its key), coalesced while it waits or runs. The
 * webhook writes the same job inside ingestion's own statement instead.
 */
export async function enqueueTurnDraft(args: DraftTurnArgs): Promise<void> {
  await enqueueJob(db, {
    kind: DRAFT_TURN_JOB,
    key: args.conversationId,
    payload: {
      instructorId: args.instructorId,
      conversationId: args.conversationId,
      ...(args.fresh ? { fresh: true } : {}),
    },
  });
}
