/**
 * `npm run worker`: a job worker process (drafting, and every other registered job kind) for a
 * PostgreSQL deployment. Several can run side by side; they claim jobs with row locks. Stops cleanly on
 * SIGINT/SIGTERM after its running jobs finish. The embedded PGlite database is single-process: there
 * the worker runs inside the server.
 */
import { getPriority, setPriority } from "node:os";
import { sql } from "drizzle-orm";
import { closeDb, getDbHandle, rowsOf, setDefaultPlanCacheMode } from "@/db";
import { startJobWorkerOnce } from "@/db/background-jobs";
import { env } from "@/server/env";

// The worker's statements are key lookups, inserts and claims: generic plans once PostgreSQL finds them no
// worse (planning each time was about half of their PostgreSQL time; BENCHMARKS.md, issue 12 round 5).
setDefaultPlanCacheMode("auto");
if (getDbHandle().kind !== "postgres") {
  console.error(
    "npm run worker needs DATABASE_URL (PostgreSQL); with the embedded database the server runs the worker itself.",
  );
  process.exit(2);
}
// Background work yields the CPU to the web process when they share a machine (it still gets all idle CPU).
if (env.WORKER_NICE > 0) {
  try {
    setPriority(Math.max(getPriority(), env.WORKER_NICE));
  } catch (error) {
    console.warn(`worker: could not lower its priority (${(error as Error).message}); running at the default`);
  }
}
// Read back from the connection, so the line tells what PostgreSQL really does. A database that is down at start
// must not stop the worker: it retries its claims until the database is back.
const planCacheMode = await getDbHandle()
  .db.execute(sql`show plan_cache_mode`)
  .then((result) => rowsOf<{ plan_cache_mode: string }>(result)[0]?.plan_cache_mode ?? "unknown")
  .catch(() => "unknown (the database did not answer)");
const worker = startJobWorkerOnce({ concurrency: env.WORKER_CONCURRENCY });
console.log(
  `worker ${worker.id}: ${env.WORKER_CONCURRENCY} jobs and ${env.FILING_CONCURRENCY} deliveries to file at a time, niceness ${getPriority()}, plan_cache_mode ${planCacheMode}; Ctrl-C to stop`,
);
// The worker's timers are unref'd: keep the process alive until a signal.
const keepAlive = setInterval(() => {}, 1 << 30);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    clearInterval(keepAlive);
    void worker.stop().finally(() => closeDb());
  });
}
