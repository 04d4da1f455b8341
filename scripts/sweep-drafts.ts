/**
 * `npm run sweep:drafts`: one recovery sweep (TA-3 partial ingestion): runs draft orchestration for
 * committed inbound messages that have no result, and retries failed / stale ones. Safe to run while
 * servers are running their own periodic sweep.
 */
import { closeDb } from "../db/index";
import { sweepPendingDrafts } from "../db/orchestration/sweep-pending-drafts";

async function main() {
  const limitArg = process.argv.find((a) => a.startsWith("--limit="));
  const limit = limitArg ? Number(limitArg.split("=")[1]) : 100;
  const result = await sweepPendingDrafts({ limit, graceMs: 0 });
  const completed = result.results.filter((r) => r.outcome === "completed").length;
  console.log(
    `sweep: ${result.missing} without a result, ${result.retried} retried, ${result.gaveUp} given up, ` +
      `${completed} completed, ${result.errors} failed`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
