/**
 * Background work of a server instance (started from instrumentation.ts) and of `npm run worker`:
 * - the job queue's workers (db/queue.ts), in two lanes: filing the webhook's deliveries
 *   (FILING_CONCURRENCY at a time, so a message reaches the inbox even while every drafting slot waits
 *   on a slow model), and drafting a conversation's turn, fetching inbound media and any other registered
 *   kind (WORKER_CONCURRENCY); on PGlite they always run inside the server, on PostgreSQL the web process
 *   may leave them to `npm run worker` processes (WEB_JOB_WORKER=off);
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
import { FILE_DELIVERY_JOB, registerFileDeliveryJob } from "./ingestion/file-delivery-job";
import { registeredJobKinds, startJobWorker, type JobWorker } from "./queue";
import { markUnknownSendsAfterCrash } from "./sending/mark-unknown-sends-after-crash";

const globalForJobs = globalThis as unknown as {
  __inboxJobs?: NodeJS.Timeout;
  __inboxWorker?: JobWorker;
  __inboxFiler?: JobWorker;
};

/** Every job kind this product runs; a worker process registers them all before it claims anything. */
export function registerJobHandlers(): void {
  registerFileDeliveryJob();
  registerDraftTurnJob();
  registerMediaFetchJob();
}

/** The filing lane's lease (db/queue.ts): past it, another worker files the delivery (idempotent). */
export const FILING_LEASE_MS = 15_000;

/**
 * The workers of this process, started once: one lane files the webhook's deliveries, the other runs every
 * other kind (drafting and media fetches share its slots). Returns the second (tests and the worker
 * script wait on it); stopping it stops both.
 */
export function startJobWorkerOnce({
  concurrency = env.WORKER_CONCURRENCY,
  filingConcurrency = env.FILING_CONCURRENCY,
}: { concurrency?: number; filingConcurrency?: number } = {}): JobWorker {
  if (globalForJobs.__inboxWorker) return globalForJobs.__inboxWorker;
  registerJobHandlers();
  // Filing takes milliseconds: a short lease, so a delivery whose worker lost the database (or died) mid-way
  // is taken over within seconds, not the two minutes a draft waiting on the model may need.
  const filer = startJobWorker({
    kinds: [FILE_DELIVERY_JOB],
    concurrency: filingConcurrency,
    leaseMs: FILING_LEASE_MS,
  });
  const others = startJobWorker({
    kinds: registeredJobKinds().filter((kind) => kind !== FILE_DELIVERY_JOB),
    concurrency,
  });
  globalForJobs.__inboxFiler = filer;
  globalForJobs.__inboxWorker = {
    id: others.id,
    get active() {
      return others.active + filer.active;
    },
    stop: () => Promise.all([filer.stop(), others.stop()]).then(() => undefined),
  };
  logger.info({ concurrency, filingConcurrency, workerId: others.id, filerId: filer.id }, "job workers started");
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
