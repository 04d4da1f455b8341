/**
 * Where one webhook request's CPU goes, measured apart (a short run, not the full `npm run bench`):
 * the production build in .next-bench (BENCH_SKIP_BUILD-style reuse: build it first) and bench/bare, a
 * fresh database, then for each phase the CPU time of the server's processes, of this database's
 * PostgreSQL backends split by client (web / worker, through PGAPPNAME) and of PostgreSQL's own
 * background processes (WAL writer, checkpointer…), divided by the requests answered. CPU time per
 * request moves much less than req/s when other work shares the machine, so it is the measure to
 * compare changes by; req/s and latency are printed beside it.
 *
 *   npx tsx --conditions=react-server scripts/bench/cost-per-request.ts
 * Env: COST_DURATION_S (8), COST_CONNECTIONS (50), COST_WORKERS (0: no worker runs during the load, so
 * PostgreSQL's figure is ingestion alone; 2: as `npm run bench`), COST_PHASES (bare,live,unsigned,webhook; also webhook-text, steady-live (liveness at the steady rate in bursts), steady (evenly spaced, open loop), steady-hello (the same rate in two-message turns: a question, the details 0.5 s later) and steady-burst (autocannon's rate over 20 connections): COST_RATE
 * (100) text deliveries/s over 20 connections), COST_MODEL_MS (a fake model taking that long, for the workers),
 * COST_PROFILE=dir (the server runs with --cpu-prof into dir), COST_REPEAT (1), COST_SPLIT_CORES=1 (web side on
 * CPU 0, workers on CPU 1: see splitCores), COST_DIST_DIR (another build
 * than .next-bench, e.g. one of an earlier commit, to compare side by side), COST_WORKER_DIR (the workers'
 * source tree, e.g. an earlier commit's files with this node_modules linked), COST_WORKER_PLAN (the workers'
 * DATABASE_PLAN_CACHE_MODE; force_custom_plan plans every statement each time, as before round 5).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import postgres from "postgres";
import webpush from "web-push";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { type FakeModelServer } from "@/tests/helpers/fake-model-server";
import { startSlowModel } from "./slow-model";
import { createBenchDatabase } from "./bench-database";
import { pointAtFreshBenchDatabase } from "./bench-db-url";
import { loadWebhookSteady } from "./steady-load";
import { BARE_APP_DIR, startServer, startWorkerProcess, type RunningServer } from "./server";
import { readCpuSeconds, round } from "./stats";
import {
  DEFAULT_MIX,
  deliveryGenerator,
  greetingThenQuestionGenerator,
  loadBare,
  loadGet,
  loadWebhook,
  loadWebhookUnsigned,
  newTracker,
  type LoadResult,
} from "./webhook-load";

const DURATION_S = Number(process.env.COST_DURATION_S ?? 8);
const CONNECTIONS = Number(process.env.COST_CONNECTIONS ?? 50);
const WORKERS = Number(process.env.COST_WORKERS ?? 0);
const PHASES = (process.env.COST_PHASES ?? "bare,live,unsigned,webhook").split(",");
const REPEAT = Number(process.env.COST_REPEAT ?? 1);
const PROFILE_DIR = process.env.COST_PROFILE ?? "";
const MODEL_MS = Number(process.env.COST_MODEL_MS ?? 0);
const STEADY_RATE = Number(process.env.COST_RATE ?? 100);
let modelEnv: Record<string, string> = {};
const APP_SECRET = "bench-app-secret-0123456789";
const NUMBERS = ["910000000000001", "910000000000002", "910000000000003"];
const VAPID = webpush.generateVAPIDKeys();

const { adminUrl, dbName, dbUrl } = pointAtFreshBenchDatabase("inbox_cost");

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const log = (...args: unknown[]) => console.log(`[cost ${new Date().toISOString().slice(11, 19)}]`, ...args);

function env(extra: Record<string, string> = {}) {
  return (baseUrl: string) => ({
    DATABASE_URL: dbUrl,
    WHATSAPP_APP_SECRET: APP_SECRET,
    BETTER_AUTH_SECRET: "bench-auth-secret-0123456789abcdef0123456789abcdef",
    VAPID_PUBLIC_KEY: VAPID.publicKey,
    VAPID_PRIVATE_KEY: VAPID.privateKey,
    APP_URL: baseUrl,
    LOG_LEVEL: "warn",
    DRAFT_SWEEP_INTERVAL_MS: "0",
    WEB_JOB_WORKER: "off",
    PGAPPNAME: "web",
    ...modelEnv,
    // Another build to compare with (side by side in one window: CPU per request drifts with the machine).
    ...(process.env.COST_DIST_DIR ? { NEXT_DIST_DIR: process.env.COST_DIST_DIR } : {}),
    ...extra,
  });
}

/** PostgreSQL's own processes (not client backends) on this machine: WAL writer, checkpointer, … */
function postgresAuxPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (
        /^postgres: [^:]+: (walwriter|checkpointer|background writer|autovacuum launcher|logical replication launcher)/.test(
          cmd,
        ) ||
        /^postgres: [^:]+: autovacuum worker/.test(cmd)
      )
        out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** Kernel-mode CPU seconds of a process (socket writes on loopback do the receiver's TCP work here too). */
function systemCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[12]) / 100;
  } catch {
    return 0;
  }
}

async function snapshot(server: RunningServer | null, workerPids: number[]) {
  const backends = await admin<
    { pid: number; app: string }[]
  >`select pid, application_name as app from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  const [stats] = await admin<
    { commits: string; rollbacks: string }[]
  >`select xact_commit::text as commits, xact_rollback::text as rollbacks from pg_stat_database where datname = ${dbName}`;
  return {
    node: server ? server.pids().reduce((s, pid) => s + readCpuSeconds(pid), 0) : 0,
    nodeSys: server ? server.pids().reduce((s, pid) => s + systemCpuSeconds(pid), 0) : 0,
    workers: workerPids.reduce((s, pid) => s + readCpuSeconds(pid), 0),
    pg: new Map(backends.map((b) => [b.pid, { app: b.app, cpu: readCpuSeconds(b.pid) }])),
    aux: postgresAuxPids().reduce((s, pid) => s + readCpuSeconds(pid), 0),
    commits: Number(stats?.commits ?? 0),
  };
}

type Snap = Awaited<ReturnType<typeof snapshot>>;

function perRequest(before: Snap, after: Snap, requests: number) {
  const byApp: Record<string, number> = {};
  for (const [pid, { app, cpu }] of after.pg)
    byApp[app || "?"] = (byApp[app || "?"] ?? 0) + cpu - (before.pg.get(pid)?.cpu ?? 0);
  const ms = (s: number) => round((s * 1000) / Math.max(1, requests), 3);
  return {
    nodeMs: ms(after.node - before.node),
    nodeSysMs: ms(after.nodeSys - before.nodeSys),
    pgWebMs: ms(byApp.web ?? 0),
    pgWorkerMs: ms(byApp.worker ?? 0),
    pgOtherClientsMs: ms(
      Object.entries(byApp)
        .filter(([k]) => k !== "web" && k !== "worker")
        .reduce((s, [, v]) => s + v, 0),
    ),
    pgAuxMs: ms(after.aux - before.aux),
    workerProcessesMs: ms(after.workers - before.workers),
    commitsPerRequest: round((after.commits - before.commits) / Math.max(1, requests), 2),
  };
}

/**
 * After a load phase: waits (up to 120 s) until every conversation that got a message of the phase (its
 * wamid tag) has no drafting job queued (a debounced one included) or running, and a draft; as the
 * bench's waitForTurnsDrafted. Counts the phase's turns, drafts and the model calls since the phase began.
 */
async function waitForTurnsDrafted(tag: string, modelCalls0: number, fakeModel: FakeModelServer | null) {
  const prefix = `wamid.bench.${tag}.`;
  const jobsDb = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  try {
    for (;;) {
      const [row] = await jobsDb<{ turns: number; unfiled: number; drafted: number; drafts: number }[]>`
        with touched as (select distinct conversation_id as id from messages where external_message_id like ${prefix + "%"})
        select (select count(*)::int from touched) as turns,
               (select count(*)::int from jobs where kind = 'file_delivery' and state in ('queued', 'running')) as unfiled,
               (select count(*)::int from touched t where exists (select 1 from drafts d where d.conversation_id = t.id)
                  and not exists (select 1 from jobs j where j.kind = 'draft_turn' and j.key = t.id::text and j.state in ('queued', 'running'))) as drafted,
               (select count(*)::int from drafts d join touched t on d.conversation_id = t.id) as drafts`;
      const elapsedS = (Date.now() - started) / 1000;
      // The webhook answers once a delivery is stored; the workers file it: wait for both.
      if ((row!.unfiled === 0 && row!.turns > 0 && row!.drafted === row!.turns) || elapsedS > 120)
        return {
          turns: row!.turns,
          drafts: row!.drafts,
          modelCalls: (fakeModel?.requests.length ?? 0) - modelCalls0,
          secondsAfterLoad: round(elapsedS, 1),
          allDrafted: row!.drafted === row!.turns,
        };
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await jobsDb.end();
  }
}

/**
 * COST_SPLIT_CORES=1 (an experiment, from outside the product: "drafting on cores of its own" on a 2-core
 * machine): every 500 ms, pin the web server's processes and its PostgreSQL backends (PGAPPNAME web) to CPU 0,
 * the worker processes and their backends (PGAPPNAME worker) to CPU 1, with `taskset` (needs the right to
 * change other users' processes). This process (the load and the fake model) and PostgreSQL's own processes
 * stay free. The web side then has one core of its own, as when the workers run on another machine.
 */
function splitCores(webPids: () => number[], workerPids: () => number[]): () => Promise<void> {
  const pinned = new Set<number>();
  const pin = (pid: number, cpu: number) => {
    if (pinned.has(pid)) return;
    try {
      execFileSync("taskset", ["-a", "-p", "-c", String(cpu), String(pid)], { stdio: "ignore" });
      pinned.add(pid);
    } catch {
      // gone, or not allowed
    }
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await admin<
        { pid: number; app: string }[]
      >`select pid, application_name as app from pg_stat_activity where datname = ${dbName}`;
      for (const { pid, app } of rows) if (app === "web" || app === "worker") pin(pid, app === "web" ? 0 : 1);
      for (const pid of webPids()) pin(pid, 0);
      for (const pid of workerPids()) pin(pid, 1);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    log(`pinned ${pinned.size} processes (web side on CPU 0, workers on CPU 1)`);
  };
}

/**
 * COST_RENICE_PG_WORKERS=n (an experiment, from outside the product): every 500 ms, give the workers'
 * PostgreSQL backends (PGAPPNAME worker) niceness n, as the worker gives itself WORKER_NICE.
 */
function reniceWorkerBackends(): () => Promise<void> {
  const nice = Number(process.env.COST_RENICE_PG_WORKERS);
  const done = new Set<number>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await admin<
        { pid: number }[]
      >`select pid from pg_stat_activity where datname = ${dbName} and application_name = 'worker'`;
      for (const { pid } of rows)
        if (!done.has(pid)) {
          try {
            os.setPriority(pid, nice);
          } catch {
            // gone
          }
          done.add(pid);
        }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    log(`reniced ${done.size} worker backends to ${nice}`);
  };
}

async function main() {
  log(
    `db ${dbName}; ${os.availableParallelism?.() ?? os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; ${DURATION_S} s × ${CONNECTIONS} connections; workers ${WORKERS}`,
  );
  await createBenchDatabase({ admin, dbName, dbUrl, numbers: NUMBERS, key: "cost" });
  // Every statement of this database into the server log (counting them per request; costs CPU itself).
  if (process.env.COST_LOG_STATEMENTS === "1") await admin.unsafe(`alter database ${dbName} set log_statement = 'all'`);

  let fakeModel: FakeModelServer | null = null;
  if (MODEL_MS > 0) {
    ({ model: fakeModel, env: modelEnv } = await startSlowModel(MODEL_MS));
  }
  const bare = PHASES.includes("bare") ? await startServer(() => ({}), { dir: BARE_APP_DIR }) : null;
  const server = await startServer(env(), {
    nodeArgs: PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [],
  });
  const workers = Array.from({ length: WORKERS }, () =>
    startWorkerProcess(
      {
        ...env()("http://127.0.0.1"),
        PGAPPNAME: "worker",
        WORKER_CONCURRENCY: "25",
        DATABASE_POOL_MAX: process.env.COST_WORKER_POOL ?? "10",
        // force_custom_plan: the workers as before round 5 (they plan every statement every time).
        ...(process.env.COST_WORKER_PLAN ? { DATABASE_PLAN_CACHE_MODE: process.env.COST_WORKER_PLAN } : {}),
      },
      PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}/worker`] : [],
      process.env.COST_WORKER_DIR,
    ),
  );
  const workerPids = () =>
    workers.flatMap((w) => {
      const all = [w.pid];
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
          if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === w.pid) all.push(Number(entry));
        } catch {
          // gone
        }
      }
      return all;
    });
  const rows: {
    phase: string;
    load: LoadResult;
    cost: ReturnType<typeof perRequest>;
    drafting?: Awaited<ReturnType<typeof waitForTurnsDrafted>>;
  }[] = [];
  try {
    const bareBody = JSON.stringify(
      buildSimulatedDelivery({
        phoneNumberId: NUMBERS[0]!,
        from: "390000000001",
        text: "Hello, how much is a private lesson for 2 hours?",
        name: "Customer 0001",
      }),
    );
    // Warm-up: JIT, connection pools, route compilation.
    const warm = newTracker("warm");
    await loadWebhook({
      baseUrl: server.baseUrl,
      connections: 10,
      durationS: 3,
      tracker: warm,
      next: deliveryGenerator({
        phase: "warm",
        phoneNumberIds: NUMBERS,
        appSecret: APP_SECRET,
        mix: DEFAULT_MIX,
        tracker: warm,
      }),
    });
    await loadGet({ baseUrl: server.baseUrl, path: "/api/health/live", connections: 10, durationS: 2 });
    if (bare) await loadBare({ baseUrl: bare.baseUrl, connections: 10, durationS: 2, body: bareBody });

    for (let round_ = 0; round_ < REPEAT; round_++) {
      for (const phase of PHASES) {
        const target = phase === "bare" ? bare : server;
        const modelCalls0 = fakeModel?.requests.length ?? 0;
        const s0 = await snapshot(target, workerPids());
        const stopRenice = process.env.COST_RENICE_PG_WORKERS ? reniceWorkerBackends() : null;
        const stopSplit =
          process.env.COST_SPLIT_CORES === "1" && target ? splitCores(() => target.pids(), workerPids) : null;
        let load: LoadResult;
        if (phase === "bare")
          load = await loadBare({
            baseUrl: bare!.baseUrl,
            connections: CONNECTIONS,
            durationS: DURATION_S,
            body: bareBody,
          });
        else if (phase === "live")
          load = await loadGet({
            baseUrl: server.baseUrl,
            path: "/api/health/live",
            connections: CONNECTIONS,
            durationS: DURATION_S,
          });
        else if (phase === "steady-live")
          // The floor for the steady phase's latency: a route that does nothing, at the same rate and connections.
          load = await loadGet({
            baseUrl: server.baseUrl,
            path: "/api/health/live",
            connections: 20,
            durationS: DURATION_S,
            overallRate: STEADY_RATE,
          });
        else if (phase === "unsigned")
          load = await loadWebhookUnsigned({
            baseUrl: server.baseUrl,
            connections: CONNECTIONS,
            durationS: DURATION_S,
            body: bareBody,
          });
        else if (phase === "steady-hello") {
          // Two-message turns (a question, then its details 0.5 s later) at the steady rate: the debounce's case.
          const tag = `${phase}${round_}`;
          const tracker = newTracker(tag);
          load = await loadWebhookSteady({
            baseUrl: server.baseUrl,
            rate: STEADY_RATE,
            durationS: DURATION_S,
            tracker,
            next: greetingThenQuestionGenerator({
              phase: tag,
              phoneNumberIds: NUMBERS,
              appSecret: APP_SECRET,
              tracker,
              gapRequests: Math.max(1, Math.round(STEADY_RATE / 2)), // 0.5 s at the rate
            }),
          });
        } else if (phase === "steady" || phase === "steady-burst") {
          // As the bench's steady phase: text deliveries at a fixed rate, evenly spaced ("steady"), or as
          // autocannon sends a rate over 20 connections, in bursts of 20 ("steady-burst", the earlier measure).
          const tag = `${phase}${round_}`;
          const tracker = newTracker(tag);
          const next = deliveryGenerator({
            phase: tag,
            phoneNumberIds: NUMBERS,
            appSecret: APP_SECRET,
            mix: { ...DEFAULT_MIX, textOnly: true },
            tracker,
          });
          load =
            phase === "steady"
              ? await loadWebhookSteady({
                  baseUrl: server.baseUrl,
                  rate: STEADY_RATE,
                  durationS: DURATION_S,
                  tracker,
                  next,
                })
              : await loadWebhook({
                  baseUrl: server.baseUrl,
                  connections: 20,
                  durationS: DURATION_S,
                  overallRate: STEADY_RATE,
                  tracker,
                  next,
                });
        } else {
          // webhook: the bench's mix; webhook-text: text only, returning and new senders
          const tag = `${phase}${round_}`;
          const tracker = newTracker(tag);
          const mix = { ...DEFAULT_MIX, textOnly: phase === "webhook-text" };
          load = await loadWebhook({
            baseUrl: server.baseUrl,
            connections: CONNECTIONS,
            durationS: DURATION_S,
            tracker,
            next: deliveryGenerator({ phase: tag, phoneNumberIds: NUMBERS, appSecret: APP_SECRET, mix, tracker }),
          });
        }
        // Let workers finish what the load queued (jobs waiting out a debounce included), so their cost
        // lands in this phase; for the steady phases, also the drafting figures of `npm run bench`.
        let drafting: Awaited<ReturnType<typeof waitForTurnsDrafted>> | undefined;
        if (WORKERS > 0 && phase.startsWith("steady"))
          drafting = await waitForTurnsDrafted(`${phase}${round_}`, modelCalls0, fakeModel);
        else if (WORKERS > 0 && phase.startsWith("webhook")) {
          // The bench's mix has turns that get no draft (a lone reaction): wait for the queue instead.
          const jobsDb = postgres(dbUrl, { max: 1, onnotice: () => {} });
          for (let i = 0; i < 240; i++) {
            const [w] = await jobsDb<
              { n: number }[]
            >`select count(*)::int as n from jobs where kind = 'draft_turn' and state in ('queued', 'running')`;
            if (w!.n === 0) break;
            await new Promise((r) => setTimeout(r, 250));
          }
          await jobsDb.end();
        }
        await stopRenice?.();
        await stopSplit?.();
        const cost = perRequest(s0, await snapshot(target, workerPids()), load.requests);
        rows.push({ phase, load, cost, drafting });
        log(
          `${phase.padEnd(12)} ${String(load.requestsPerSec).padStart(7)} req/s  p50 ${load.p50Ms} p99 ${load.p99Ms} ms  non2xx ${load.non2xx}  | CPU ms/req: node ${cost.nodeMs} (sys ${cost.nodeSysMs})  pg web ${cost.pgWebMs}  pg worker ${cost.pgWorkerMs}  pg aux ${cost.pgAuxMs}  workers ${cost.workerProcessesMs}  commits/req ${cost.commitsPerRequest}` +
            (drafting
              ? `  | ${drafting.turns} turns, ${drafting.drafts} drafts, ${drafting.modelCalls} model calls, all drafted ${drafting.allDrafted} ${drafting.secondsAfterLoad} s after the load`
              : ""),
        );
      }
    }
  } finally {
    await server.stop();
    await bare?.stop();
    for (const w of workers) await w.stop();
    await fakeModel?.close();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  console.log(
    JSON.stringify(
      rows.map((r) => ({
        phase: r.phase,
        reqPerSec: r.load.requestsPerSec,
        p99Ms: r.load.p99Ms,
        non2xx: r.load.non2xx,
        ...r.cost,
        ...(r.drafting ? { drafting: r.drafting } : {}),
      })),
    ),
  );
}

main().catch(async (error) => {
  console.error(error);
  process.exitCode = 1;
  // A failure before the measuring loop (a server that did not start) must not leave the database behind.
  const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await cleanup.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await cleanup.end();
  await admin.end().catch(() => {});
});
