/**
 * Background work of a server instance (started from instrumentation.ts) and of `npm run worker`:
 * - the job queue's worker (db/queue.ts): drafting a conversation's turn, fetching inbound media, and any
 *   other registered kind; on PGlite it always runs inside the server, on PostgreSQL the web process may
 *   leave it to `npm run worker` processes (WEB_JOB_WORKER=off);
 * - a slow safety-net sweep that queues conversations whose newest message the drafter never looked at;
 * - sends whose process died between the Graph call and its answer become `unknown` (never resent);
 * - statuses parked for a wamid that never showed up are dropped after a day.
 * Everything claims rows with row locks / compare-and-set, so several instances can run at once.
 */
import "server-only";
import { getDbHandle } from "@/db";
import { env } from "@/server/env";
import { logger } from "@/server/logger";
import { registerDraftTurnJob } from "./orchestration/register-draft-turn-job";
import { expireParkedStatuses } from "./queries/apply-message-status";
import { registerMediaFetchJob } from "./media/inbound-media";
import { sweepPendingDrafts } from "./orchestration/sweep-pending-drafts";
import { startJobWorker, type JobWorker } from "./queue";
import { markUnknownSendsAfterCrash } from "./sending/mark-unknown-sends-after-crash";

const globalForJobs = globalThis as unknown as { __inboxJobs?: NodeJS.Timeout; __inboxWorker?: JobWorker };

/** Every job kind this product runs; a worker process registers them all before it claims anything. */
export function registerJobHandlers(): void {
  registerDraftTurnJob();
  registerMediaFetchJob();
}

/** One worker per process for every registered kind (drafting and media fetches share its slots). */
export function startJobWorkerOnce({ concurrency = env.WORKER_CONCURRENCY }: { concurrency?: number } = {}): JobWorker {
  if (globalForJobs.__inboxWorker) return globalForJobs.__inboxWorker;
  registerJobHandlers();
  globalForJobs.__inboxWorker = startJobWorker({ concurrency });
  logger.info({ concurrency, workerId: globalForJobs.__inboxWorker.id }, "job worker started");
  return globalForJobs.__inboxWorker;
}

export function startBackgroundJobs(): void {
  const embedded = getDbHandle().kind === "pglite";
  if (env.WEB_JOB_WORKER === "on" || embedded) startJobWorkerOnce();
  else logger.info("no job worker in the web process (WEB_JOB_WORKER=off): run `npm run worker`");

  const intervalMs = env.DRAFT_SWEEP_INTERVAL_MS;
  if (intervalMs === 0 || globalForJobs.__inboxJobs) return;
  let running = false;
  const tick = async () => {
    if (running) return; // never overlap with ourselves; other instances are kept off by the locks
    running = true;
    try {
      const swept = await sweepPendingDrafts({});
      const unknown = await markUnknownSendsAfterCrash({});
      const expiredStatuses = await expireParkedStatuses();
      if (swept.enqueued || unknown.messageIds.length || expiredStatuses) {
        logger.info(
          { draftsQueued: swept.enqueued, unknownSends: unknown.messageIds.length, expiredStatuses },
          "background sweep",
        );
      }
    } catch (error) {
      logger.warn({ err: error }, "background sweep failed; will try again");
    } finally {
      running = false;
    }
  };
  globalForJobs.__inboxJobs = setInterval(tick, intervalMs);
  globalForJobs.__inboxJobs.unref();
  logger.info({ intervalMs }, "background sweep started");
}
