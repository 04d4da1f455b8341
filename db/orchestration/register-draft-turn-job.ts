import "server-only";
import { registerJobHandler, type JobContext } from "@/db/queue";
import { draftConversationTurn } from "./draft-conversation-turn";
import { DRAFT_TURN_JOB } from "./draft-turn-job-kind";
import type { DraftTurnArgs, OrchestrateOptions } from "./draft-turn-types";
import { recordFailedDraft } from "./record-failed-draft";

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
