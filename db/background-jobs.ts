/**
 * Background work each server instance runs on an interval (started from instrumentation.ts):
 * - the draft recovery sweep (TA-3: committed messages that have no orchestration result yet);
 * - sends whose process died between the Graph call and its answer become `unknown` (never resent);
 * - statuses parked for a wamid that never showed up are dropped after a day.
 * Both claim rows with row locks / compare-and-set, so several instances can run them at once.
 */
import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { expireParkedStatuses } from "./queries/apply-message-status";
import { MEDIA_FETCH_JOB, registerMediaFetchJob } from "./media/inbound-media";
import { sweepPendingDrafts } from "./orchestration/sweep-pending-drafts";
import { startJobWorker, type JobWorker } from "./queue";
import { markUnknownSendsAfterCrash } from "./sending/mark-unknown-sends-after-crash";

const globalForJobs = globalThis as unknown as { __inboxJobs?: NodeJS.Timeout; __inboxMediaWorker?: JobWorker };

/** Fetches inbound media (the `media_fetch` jobs) in this process; several processes share the work. */
export function startMediaWorker(): void {
  if (globalForJobs.__inboxMediaWorker) return;
  registerMediaFetchJob();
  globalForJobs.__inboxMediaWorker = startJobWorker({ kinds: [MEDIA_FETCH_JOB], concurrency: 2 });
}

export function startBackgroundJobs(): void {
  startMediaWorker();
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
      if (swept.missing || swept.retried || swept.gaveUp || unknown.messageIds.length || expiredStatuses) {
        logger.info({ missing: swept.missing, retried: swept.retried, gaveUp: swept.gaveUp, unknownSends: unknown.messageIds.length, expiredStatuses }, "background sweep");
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
