/**
 * `npm run sweep:drafts`: queue the drafting of every conversation whose newest message the drafter never
 * looked at (see sweepPendingDrafts), then run the queued drafting jobs in this process until none is due.
 * Safe while servers and workers run: jobs are claimed with row locks.
 */
import { closeDb } from "../db/index";
import { registerDraftTurnJob } from "../db/orchestration/register-draft-turn-job";
import { DRAFT_TURN_JOB } from "../db/orchestration/draft-turn-job-kind";
import { sweepPendingDrafts } from "../db/orchestration/sweep-pending-drafts";
import { drainJobs } from "../db/queue";

async function main() {
  const limitArg = process.argv.find((a) => a.startsWith("--limit="));
  const limit = limitArg ? Number(limitArg.split("=")[1]) : 100;
  const { enqueued } = await sweepPendingDrafts({ limit, graceMs: 0 });
  registerDraftTurnJob();
  const ran = await drainJobs({ kinds: [DRAFT_TURN_JOB] });
  console.log(
    `sweep: ${enqueued} conversations queued; drafting jobs done ${ran.done}, retried later ${ran.retried}, failed ${ran.failed}`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
