/**
 * `npm run bench`: a production build against a fresh PostgreSQL database, loaded over HTTP.
 *   1. fresh database inbox_bench_<ts> on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres), migrated, instructors onboarded
 *   2. `next build` into .next-bench, `next start` on a free port
 *   3. webhook ingestion vs. the liveness ceiling at 10 and 50 connections, side by side; exactly-once check
 *      (after the workers filed every stored delivery) and the bare framework route (bench/bare: a tiny Next
 *      app whose route reads the body, answers 200): webhook ÷ bare, with the workers filing and drafting on
 *      the same cores, and at 50 connections also with no worker running (the web process alone), followed
 *      by the time the workers take to file and draft the backlog that load left
 *   4. drafting: the web process runs no job worker (WEB_JOB_WORKER=off); BENCH_WORKERS `npm run worker` processes
 *      (BENCH_WORKER_CONCURRENCY jobs each) draft. A steady 100 deliveries/s with a 2 s fake model: webhook p99,
 *      drafts made, model calls, and the time until every turn of the load is drafted after it ends;
 *      then text load at 50 connections with vs. without the model (webhook p99 isolation)
 *   5. inbox at scale: 100 k conversations / 1 M messages for one instructor (+ other tenants), query functions and HTTP
 *   6. peak RSS of the server under the 50-connection load
 *   7. figures → .test-output/bench.json and a table on stdout
 * Env: BENCH_DURATION_S (15), BENCH_SKIP_BUILD=1 (reuse .next-bench), BENCH_KEEP_DB=1, BENCH_SCALE_CONVERSATIONS/MESSAGES.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import postgres from "postgres";
import webpush from "web-push";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { type FakeModelServer } from "@/tests/helpers/fake-model-server";
import { startSlowModel } from "./bench/slow-model";
import { seedTenant } from "./bench/seed-inbox";
import {
  buildApp,
  buildBareApp,
  BARE_APP_DIR,
  processTree,
  startServer,
  startWorkerProcess,
  type RunningServer,
} from "./bench/server";
import { loadAverage, readCpuSeconds, readMemory, round } from "./bench/stats";
import {
  DEFAULT_MIX,
  deliveryGenerator,
  loadBare,
  loadGet,
  loadWebhook,
  loadWebhookUnsigned,
  newTracker,
  type LoadResult,
  type LoadTracker,
} from "./bench/webhook-load";
import { loadWebhookSteady } from "./bench/steady-load";
import { pointAtFreshBenchDatabase } from "./bench/bench-db-url";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const WARMUP_S = 3;
const SCALE_CONVERSATIONS = Number(process.env.BENCH_SCALE_CONVERSATIONS ?? 100_000);
const SCALE_MESSAGES = Number(process.env.BENCH_SCALE_MESSAGES ?? 1_000_000);
const THREAD_MESSAGES = 10_000;
const APP_SECRET = "bench-app-secret-0123456789";
const AUTH_SECRET = "bench-auth-secret-0123456789abcdef0123456789abcdef";
// Production servers require a VAPID pair; the bench registers no device, so nothing is pushed.
const VAPID = webpush.generateVAPIDKeys();
const PASSWORD = "bench-password-123";
const WEBHOOK_NUMBERS = ["910000000000001", "910000000000002", "910000000000003"];
const WORKER_PROCESSES = Number(process.env.BENCH_WORKERS ?? 2);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 25);
const STEADY_RATE = 100;
const MODEL_MS = 2000;

const log = (...args: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// The app modules imported below read server/env at import: point them at the bench database first.
const { adminUrl, dbName, dbUrl: benchUrl } = pointAtFreshBenchDatabase("inbox_bench");
process.env.DRAFT_SWEEP_INTERVAL_MS = "0";

const servers: RunningServer[] = [];
const workers: ReturnType<typeof startWorkerProcess>[] = [];
let fakeModel: FakeModelServer | null = null;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
let createdDb = false;

async function cleanup() {
  for (const server of servers) await server.stop().catch(() => {});
  for (const worker of workers) await worker.stop().catch(() => {});
  await fakeModel?.close().catch(() => {});
  const { closeDb } = await import("@/db");
  await closeDb().catch(() => {});
  if (createdDb && process.env.BENCH_KEEP_DB !== "1") {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch((e) => log("could not drop", dbName, e));
    log(`dropped ${dbName}`);
  }
  await admin.end({ timeout: 5 }).catch(() => {});
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

function serverEnv(extra: Record<string, string> = {}) {
  return (baseUrl: string) => ({
    DATABASE_URL: benchUrl,
    WHATSAPP_APP_SECRET: APP_SECRET,
    BETTER_AUTH_SECRET: AUTH_SECRET,
    VAPID_PUBLIC_KEY: VAPID.publicKey,
    VAPID_PRIVATE_KEY: VAPID.privateKey,
    APP_URL: baseUrl,
    LOG_LEVEL: "warn",
    DRAFT_SWEEP_INTERVAL_MS: "0",
    LOGIN_RATE_LIMIT_MAX: "100",
    // The webhook's process does ingestion only; worker processes draft (started beside it).
    WEB_JOB_WORKER: "off",
    // PostgreSQL's CPU per request is split by client name (cpuSnapshot); startWorkers names its own.
    PGAPPNAME: "web",
    ...extra,
  });
}

async function start(extra: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer(serverEnv(extra));
  servers.push(server);
  log(`next start pid ${server.pid} on ${server.baseUrl}`);
  return server;
}

async function stop(server: RunningServer) {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}

/** `npm run worker` processes with the same environment as the server (model settings included). */
function startWorkers(extra: Record<string, string> = {}) {
  for (let i = 0; i < WORKER_PROCESSES; i++) {
    workers.push(
      startWorkerProcess({
        ...serverEnv(extra)("http://127.0.0.1"),
        PGAPPNAME: "worker",
        WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
        DATABASE_POOL_MAX: "10",
      }),
    );
  }
  log(`${WORKER_PROCESSES} worker processes × ${WORKER_CONCURRENCY} jobs`);
}

async function stopWorkers() {
  for (const worker of workers.splice(0)) await worker.stop();
}

/**
 * Waits until every delivery the webhook stored is filed (no `file_delivery` job left) and every
 * conversation that got a message of `phase` has been drafted: no drafting job waiting or running for it,
 * and a draft row for its turn. Returns the seconds it took and the counts.
 */
async function waitForTurnsDrafted(phase: string, timeoutS: number) {
  const prefix = `wamid.bench.${phase}.`;
  const db = postgres(benchUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  try {
    for (;;) {
      const [row] = await db<
        { turns: number; unfiled: number; waiting: number; drafted: number; drafts: number; proposed: number }[]
      >`
        with touched as (select distinct conversation_id as id from messages where external_message_id like ${prefix + "%"})
        select (select count(*)::int from touched) as turns,
               (select count(*)::int from jobs where kind = 'file_delivery' and state in ('queued', 'running')) as unfiled,
               (select count(*)::int from jobs j join touched t on j.key = t.id::text where j.kind = 'draft_turn' and j.state in ('queued', 'running')) as waiting,
               (select count(*)::int from touched t where exists (select 1 from drafts d where d.conversation_id = t.id)
                  and not exists (select 1 from jobs j where j.kind = 'draft_turn' and j.key = t.id::text and j.state in ('queued', 'running'))) as drafted,
               (select count(*)::int from drafts d join touched t on d.conversation_id = t.id) as drafts,
               (select count(*)::int from drafts d join touched t on d.conversation_id = t.id where d.state = 'proposed' and d.superseded_by is null) as proposed`;
      const elapsedS = (Date.now() - started) / 1000;
      if ((row!.unfiled === 0 && row!.turns > 0 && row!.drafted === row!.turns) || elapsedS > timeoutS)
        return { ...row!, secondsAfterLoad: round(elapsedS, 1), allDrafted: row!.drafted === row!.turns };
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await db.end();
  }
}

/**
 * Waits until the workers have filed every delivery the webhook stored (no `file_delivery` job queued or
 * running): the webhook answers 200 once a delivery is stored, a worker files it after.
 */
async function waitForFiled(timeoutS: number) {
  const db = postgres(benchUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  try {
    for (;;) {
      const [row] = await db<{ unfiled: number }[]>`
        select count(*)::int as unfiled from jobs where kind = 'file_delivery' and state in ('queued', 'running')`;
      const elapsedS = (Date.now() - started) / 1000;
      if (row!.unfiled === 0 || elapsedS > timeoutS)
        return { secondsAfterLoad: round(elapsedS, 1), unfiled: row!.unfiled, allFiled: row!.unfiled === 0 };
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.end();
  }
}

/**
 * CPU seconds of the server's process tree, of the worker processes, and of the bench database's Postgres
 * backends, the last split by client (PGAPPNAME: "web" for the server, "worker" for the workers).
 */
async function cpuSnapshot(server: RunningServer) {
  const backends = await admin<
    { pid: number; app: string }[]
  >`select pid, application_name as app from pg_stat_activity where datname = ${dbName}`;
  const node = server.pids().reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
  const workerCpu = workers.flatMap((w) => processTree(w.pid)).reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
  const pg = new Map(backends.map((b) => [b.pid, { app: b.app, seconds: readCpuSeconds(b.pid) }]));
  return { node, workerCpu, pg };
}

function cpuDelta(
  before: Awaited<ReturnType<typeof cpuSnapshot>>,
  after: Awaited<ReturnType<typeof cpuSnapshot>>,
  requests: number,
) {
  let pg = 0;
  let pgWeb = 0;
  let pgWorker = 0;
  for (const [pid, { app, seconds }] of after.pg) {
    const used = seconds - (before.pg.get(pid)?.seconds ?? 0);
    pg += used;
    if (app === "web") pgWeb += used;
    else if (app === "worker") pgWorker += used;
  }
  const node = after.node - before.node;
  const workerCpu = after.workerCpu - before.workerCpu;
  const perRequest = (seconds: number) => round((seconds * 1000) / Math.max(1, requests), 3);
  return {
    nodeCpuS: round(node, 2),
    postgresCpuS: round(pg, 2),
    nodeCpuMsPerRequest: perRequest(node),
    postgresCpuMsPerRequest: perRequest(pg),
    postgresWebCpuMsPerRequest: perRequest(pgWeb),
    postgresWorkerCpuMsPerRequest: perRequest(pgWorker),
    workerProcessesCpuMsPerRequest: perRequest(workerCpu),
  };
}

/** Run `fn` while sampling the server's RSS every 250 ms. */
async function withMemorySampling<T>(server: RunningServer, fn: () => Promise<T>) {
  let peakRssMb = 0;
  const sample = () => {
    const m = readMemory(server.pid);
    if (m) peakRssMb = Math.max(peakRssMb, m.rssMb);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const result = await fn();
    sample();
    return { result, peakRssMb };
  } finally {
    clearInterval(timer);
  }
}

/** Exactly-once check of one load phase against the database. */
async function verifyPhase(tracker: LoadTracker) {
  const filing = await waitForFiled(300);
  const prefix = `wamid.bench.${tracker.phase}.`;
  const db = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    const stored = (
      await db<
        { id: string }[]
      >`select external_message_id as id from inbound_messages where external_message_id like ${prefix + "%"}`
    ).map((r) => r.id);
    const [counts] = await db<{ inbound: number; distinct_ids: number; messages: number }[]>`
      select (select count(*)::int from inbound_messages where external_message_id like ${prefix + "%"}) as inbound,
             (select count(distinct external_message_id)::int from inbound_messages where external_message_id like ${prefix + "%"}) as distinct_ids,
             (select count(*)::int from messages where external_message_id like ${prefix + "%"} and direction = 'inbound') as messages`;
    const storedSet = new Set(stored);
    const inFlight = new Set([...tracker.pending.values()].flat());
    const missingAcknowledged = [...tracker.acked].filter((id) => !storedSet.has(id));
    const strayStored = stored.filter((id) => !tracker.sent.has(id));
    const storedUnacknowledged = stored.filter((id) => !tracker.acked.has(id));
    const unexplained = storedUnacknowledged.filter((id) => !inFlight.has(id) && !tracker.refused.has(id));
    const exact =
      missingAcknowledged.length === 0 &&
      strayStored.length === 0 &&
      unexplained.length === 0 &&
      counts!.inbound === counts!.distinct_ids &&
      counts!.messages === counts!.inbound;
    return {
      phase: tracker.phase,
      requests: tracker.requestsBuilt,
      duplicateRequests: tracker.duplicateRequests,
      multiMessageRequests: tracker.multiRequests,
      uniqueIdsSent: tracker.sent.size,
      uniqueIdsAcknowledged200: tracker.acked.size,
      idsInFlightAtStop: inFlight.size,
      storedInboundMessages: counts!.inbound,
      storedDistinctIds: counts!.distinct_ids,
      storedMessagesRows: counts!.messages,
      acknowledgedButMissing: missingAcknowledged.length,
      storedButNeverSent: strayStored.length,
      storedFromInFlightRequests: storedUnacknowledged.length,
      storedUnexplained: unexplained.length,
      statuses: Object.fromEntries(tracker.statuses),
      allFiledBeforeCounting: filing.allFiled,
      exact: exact && filing.allFiled,
    };
  } finally {
    await db.end();
  }
}

async function main() {
  const startedAt = Date.now();
  const machine = {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: "",
    loadAverageAtStart: loadAverage(),
    loadAverageAtEnd: "",
    gitCommit: (() => {
      try {
        return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
      } catch {
        return "unknown";
      }
    })(),
  };
  machine.postgres = (await admin<{ v: string }[]>`select version() as v`)[0]!.v.split(" on ")[0]!;
  log(`machine: ${machine.nproc} cores, node ${machine.node}, ${machine.postgres}, load ${machine.loadAverageAtStart}`);

  // 1. Fresh database, migrated, instructors onboarded.
  await admin.unsafe(`create database ${dbName}`);
  createdDb = true;
  const handle = createDb({ databaseUrl: benchUrl, poolMax: 4 });
  await runMigrations(handle);
  const { addInstructor } = await import("@/db/queries/instructors");
  const onboard = (key: string, phoneNumberId: string) =>
    addInstructor({
      db: handle.db,
      email: `${key}@bench.inbox`,
      name: `Bench ${key}`,
      password: PASSWORD,
      phoneNumberId,
      region: "IT",
    }).then((r) => r.instructor);
  for (const [i, number] of WEBHOOK_NUMBERS.entries()) await onboard(`webhook${i + 1}`, number);
  const scale = await onboard("scale", "910000000000009");
  const others = [await onboard("other1", "910000000000007"), await onboard("other2", "910000000000008")];
  await handle.close();
  log(`database ${dbName} migrated, ${WEBHOOK_NUMBERS.length + 3} instructors onboarded`);

  // 2. Production build in its own dist dir.
  let buildMs = 0;
  if (process.env.BENCH_SKIP_BUILD === "1") log("BENCH_SKIP_BUILD=1: reusing .next-bench");
  else {
    log("next build → .next-bench …");
    buildMs = buildApp();
    log(`built in ${round(buildMs / 1000, 1)} s`);
  }

  let bareBuildMs = 0;
  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(path.join(BARE_APP_DIR, ".next", "BUILD_ID"))) {
    log(`next build → ${BARE_APP_DIR} …`);
    bareBuildMs = buildBareApp();
  }
  const bare = await startServer(() => ({}), { dir: BARE_APP_DIR });
  servers.push(bare);
  log(`bare next app pid ${bare.pid} on ${bare.baseUrl}`);

  // 3. Webhook ingestion vs. the liveness ceiling and the bare route, side by side, one server at a time.
  let server = await start();
  startWorkers();
  const mixFor = (phase: string, textOnly = false) => {
    const tracker = newTracker(phase);
    const next = deliveryGenerator({
      phase,
      phoneNumberIds: WEBHOOK_NUMBERS,
      appSecret: APP_SECRET,
      mix: { ...DEFAULT_MIX, textOnly },
      tracker,
    });
    return { tracker, next };
  };
  log("warm-up …");
  await loadGet({ baseUrl: server.baseUrl, path: "/api/health/live", connections: 10, durationS: WARMUP_S });
  const warm = mixFor("warmup");
  await loadWebhook({ baseUrl: server.baseUrl, connections: 10, durationS: WARMUP_S, ...warm });

  const ingestion: {
    connections: number;
    ratio: number;
    bareRatio: number;
    webhook: LoadResult;
    verification: Awaited<ReturnType<typeof verifyPhase>>;
    [key: string]: unknown;
  }[] = [];
  let memory: Record<string, unknown> = {};
  let webProcessAlone: {
    connections: number;
    webhook: LoadResult;
    bareRatio: number;
    liveRatio: number;
    verification: Awaited<ReturnType<typeof verifyPhase>>;
    backlog: Awaited<ReturnType<typeof waitForTurnsDrafted>>;
    [key: string]: unknown;
  } | null = null;
  const bareBody = JSON.stringify(buildSampleDelivery());
  await loadBare({ baseUrl: bare.baseUrl, connections: 10, durationS: WARMUP_S, body: bareBody });
  for (const connections of [10, 50]) {
    const bareLoad = await loadBare({ baseUrl: bare.baseUrl, connections, durationS: DURATION_S, body: bareBody });
    const liveCpu0 = await cpuSnapshot(server);
    const live = await loadGet({
      baseUrl: server.baseUrl,
      path: "/api/health/live",
      connections,
      durationS: DURATION_S,
    });
    const liveCpu = cpuDelta(liveCpu0, await cpuSnapshot(server), live.requests);
    const phase = mixFor(`c${connections}`);
    const cpu0 = await cpuSnapshot(server);
    const { result: webhook, peakRssMb } = await withMemorySampling(server, () =>
      loadWebhook({ baseUrl: server.baseUrl, connections, durationS: DURATION_S, ...phase }),
    );
    // The webhook answered once each delivery was stored; the workers file them (and draft) beside the load.
    const filing = await waitForFiled(300);
    const webhookCpu = cpuDelta(cpu0, await cpuSnapshot(server), webhook.requests);
    const verification = await verifyPhase(phase.tracker);
    const row = {
      connections,
      live,
      liveCpu,
      webhook,
      webhookCpu,
      messagesStoredPerSec: round(verification.storedInboundMessages / DURATION_S, 1),
      secondsAfterLoadUntilFiled: filing.secondsAfterLoad,
      ratio: round(webhook.requestsPerSec / live.requestsPerSec, 3),
      bare: bareLoad,
      bareRatio: round(webhook.requestsPerSec / bareLoad.requestsPerSec, 3),
      verification,
    };
    ingestion.push(row);
    log(
      `${connections} conns: webhook ${webhook.requestsPerSec} req/s p99 ${webhook.p99Ms} ms (${row.messagesStoredPerSec} msg/s stored, all filed ${filing.secondsAfterLoad} s after the load) vs live ${live.requestsPerSec} req/s → ratio ${row.ratio}; bare route ${bareLoad.requestsPerSec} req/s → webhook ÷ bare ${row.bareRatio}; exact ${verification.exact}; CPU/req node ${webhookCpu.nodeCpuMsPerRequest} ms pg ${webhookCpu.postgresCpuMsPerRequest} ms (web ${webhookCpu.postgresWebCpuMsPerRequest}, workers ${webhookCpu.postgresWorkerCpuMsPerRequest}), worker processes ${webhookCpu.workerProcessesCpuMsPerRequest} ms (live: node ${liveCpu.nodeCpuMsPerRequest} ms)`,
    );
    if (connections === 50) {
      // The web process alone: the same load with no worker on these two cores (as when the workers run on
      // other machines), so the figure is what the webhook's event loop does. Then the workers start and
      // file and draft the backlog the load left: how long that takes is reported beside it.
      await stopWorkers();
      const alonePhase = mixFor("c50alone");
      const aloneCpu0 = await cpuSnapshot(server);
      const alone = await loadWebhook({ baseUrl: server.baseUrl, connections, durationS: DURATION_S, ...alonePhase });
      const aloneCpu = cpuDelta(aloneCpu0, await cpuSnapshot(server), alone.requests);
      startWorkers();
      const backlog = await waitForTurnsDrafted("c50alone", 900);
      const aloneVerification = await verifyPhase(alonePhase.tracker);
      webProcessAlone = {
        connections,
        webhook: alone,
        cpu: aloneCpu,
        bare: bareLoad,
        bareRatio: round(alone.requestsPerSec / bareLoad.requestsPerSec, 3),
        liveRatio: round(alone.requestsPerSec / live.requestsPerSec, 3),
        backlog,
        verification: aloneVerification,
      };
      log(
        `50 conns, no worker on these cores: webhook ${alone.requestsPerSec} req/s p99 ${alone.p99Ms} ms → webhook ÷ bare ${webProcessAlone.bareRatio} (÷ live ${webProcessAlone.liveRatio}); CPU/req node ${aloneCpu.nodeCpuMsPerRequest} ms, pg web ${aloneCpu.postgresWebCpuMsPerRequest} ms; then ${WORKER_PROCESSES} workers filed and drafted its ${backlog.turns} turns in ${backlog.secondsAfterLoad} s (all ${backlog.allDrafted}); exact ${aloneVerification.exact}`,
      );
      const mem = server.pids().map((pid) => ({ pid, ...readMemory(pid) }));
      memory = { serverPid: server.pid, peakRssSampledDuring50ConnLoadMb: peakRssMb, processTree: mem };
      log(`server RSS: sampled peak ${peakRssMb} MB during the 50-connection load; VmHWM ${mem[0]?.hwmMb} MB`);
    }
  }

  // Where the time goes: the same route refused at the signature check (Next pipeline + body + HMAC, no DB).
  const unsignedBody = JSON.stringify({ object: "whatsapp_business_account", entry: [] }).padEnd(900, " ");
  const unsigned = await loadWebhookUnsigned({
    baseUrl: server.baseUrl,
    connections: 50,
    durationS: 10,
    body: unsignedBody,
  });
  log(`bad-signature POST (no DB): ${unsigned.requestsPerSec} req/s p99 ${unsigned.p99Ms} ms`);
  await stop(bare);

  // 4. Drafting. Text-only load without a model (this server, its workers), then with a 2 s model.
  const textNoModel = mixFor("text-nomodel", true);
  const withoutModel = await loadWebhook({
    baseUrl: server.baseUrl,
    connections: 50,
    durationS: DURATION_S,
    ...textNoModel,
  });
  const noModelDrained = await waitForTurnsDrafted("text-nomodel", 120);
  log(
    `no model: ${noModelDrained.turns} turns, all drafted ${noModelDrained.allDrafted} ${noModelDrained.secondsAfterLoad} s after the load`,
  );
  await stop(server);
  await stopWorkers();
  const slowModel = await startSlowModel(MODEL_MS);
  fakeModel = slowModel.model;
  const modelEnv = slowModel.env;
  server = await start(modelEnv);
  startWorkers(modelEnv);
  const warmModel = mixFor("warmup-model", true);
  await loadWebhook({ baseUrl: server.baseUrl, connections: 10, durationS: WARMUP_S, ...warmModel });
  await waitForTurnsDrafted("warmup-model", 120);

  // A steady 100 deliveries/s for DURATION_S with the 2 s model: webhook p99, then every turn drafted.
  const steady = mixFor("steady-model", true);
  const steadyCalls0 = fakeModel.requests.length;
  // Evenly spaced and timed from when each was due (scripts/bench/steady-load.ts), not autocannon's bursts.
  const steadyLoad = await loadWebhookSteady({
    baseUrl: server.baseUrl,
    rate: STEADY_RATE,
    durationS: DURATION_S,
    ...steady,
  });
  const callsDuringSteady = fakeModel.requests.length - steadyCalls0;
  const slots = WORKER_PROCESSES * WORKER_CONCURRENCY;
  const steadyTurns = (await waitForTurnsDrafted("steady-model", 0)).turns;
  const boundS = round(Math.max(30, ((MODEL_MS / 1000) * steadyTurns) / slots), 1);
  const steadyDrained = await waitForTurnsDrafted("steady-model", Math.max(180, boundS * 3));
  const steadyDrafting = {
    rate: STEADY_RATE,
    webhook: steadyLoad,
    turns: steadyDrained.turns,
    draftsMade: steadyDrained.drafts,
    proposedNow: steadyDrained.proposed,
    modelCallsDuringLoad: callsDuringSteady,
    modelCallsTotal: fakeModel.requests.length - steadyCalls0,
    secondsAfterLoadUntilAllDrafted: steadyDrained.secondsAfterLoad,
    allDrafted: steadyDrained.allDrafted,
    workerSlots: slots,
    boundSeconds: boundS,
  };
  log(
    `steady ${STEADY_RATE}/s with a 2 s model: webhook p99 ${steadyLoad.p99Ms} ms; ${steadyDrafting.turns} turns, ${steadyDrafting.draftsMade} drafts, ${steadyDrafting.modelCallsTotal} model calls; all drafted ${steadyDrafting.allDrafted} ${steadyDrafting.secondsAfterLoadUntilAllDrafted} s after the load (bound ${boundS} s = max(30, 2 s × turns ÷ ${slots} slots))`,
  );

  const textModel = mixFor("text-model", true);
  const modelCalls0 = fakeModel.requests.length;
  const withModel = await loadWebhook({
    baseUrl: server.baseUrl,
    connections: 50,
    durationS: DURATION_S,
    ...textModel,
  });
  const modelCallsDuringLoad = fakeModel.requests.length - modelCalls0;
  const draftIsolation = {
    withoutModel,
    withModel,
    modelDelayMs: MODEL_MS,
    modelCallsDuringLoad,
    noModelDrafting: noModelDrained,
    p99RatioWithOverWithout: round(withModel.p99Ms / withoutModel.p99Ms, 2),
    reqPerSecRatioWithOverWithout: round(withModel.requestsPerSec / withoutModel.requestsPerSec, 3),
    verification: [await verifyPhase(textNoModel.tracker), await verifyPhase(textModel.tracker)],
  };
  log(
    `draft isolation: p99 ${withoutModel.p99Ms} ms without model vs ${withModel.p99Ms} ms with a 2 s model (${modelCallsDuringLoad} model calls during the load)`,
  );
  await stop(server);
  await stopWorkers();
  await fakeModel.close();
  fakeModel = null;
  const verifications = [
    await verifyPhase(warm.tracker),
    ...ingestion.map((r) => r.verification),
    ...(webProcessAlone ? [webProcessAlone.verification] : []),
    await verifyPhase(warmModel.tracker),
    await verifyPhase(steady.tracker),
    ...draftIsolation.verification,
  ];

  // In-process cost of the ingestion pieces (no HTTP, no Next): signature, parse, the database transaction.
  const { profileIngestion } = await import("./bench/profile-ingestion");
  const ingestionPieces = await profileIngestion({
    appSecret: APP_SECRET,
    phoneNumberIds: WEBHOOK_NUMBERS,
    durationS: 5,
  });
  log(
    `in-process: HMAC ${ingestionPieces.verifySignatureUs} µs, parse ${ingestionPieces.parseUs} µs, ingest ${ingestionPieces.ingest.deliveriesPerSec} deliveries/s at ${ingestionPieces.ingest.concurrency} in flight`,
  );

  // 5. Inbox at scale.
  log(
    `seeding ${SCALE_CONVERSATIONS} conversations / ${SCALE_MESSAGES} messages for one instructor + 2 other tenants …`,
  );
  const seedStarted = Date.now();
  const seeder = postgres(benchUrl, { max: 1, onnotice: () => {} });
  const { bigThreadConversationId } = await seedTenant(seeder, {
    instructorId: scale.id,
    tag: "s",
    conversations: SCALE_CONVERSATIONS,
    messages: SCALE_MESSAGES,
    bigThread: THREAD_MESSAGES,
  });
  for (const [i, other] of others.entries()) {
    await seedTenant(seeder, {
      instructorId: other.id,
      tag: `o${i}`,
      conversations: Math.round(SCALE_CONVERSATIONS / 5),
      messages: Math.round(SCALE_MESSAGES / 10),
      bigThread: 0,
    });
  }
  await seeder.unsafe("analyze");
  const seedMs = Date.now() - seedStarted;
  const [rowCounts] = await seeder<
    {
      conversations: number;
      messages: number;
      inbound: number;
      scale_conversations: number;
      scale_messages: number;
      thread: number;
    }[]
  >`
    select (select count(*)::int from conversations) as conversations, (select count(*)::int from messages) as messages,
           (select count(*)::int from inbound_messages) as inbound,
           (select count(*)::int from conversations where instructor_id = ${scale.id}) as scale_conversations,
           (select count(*)::int from messages where instructor_id = ${scale.id}) as scale_messages,
           (select count(*)::int from messages where conversation_id = ${bigThreadConversationId}) as thread`;
  log(`seeded in ${round(seedMs / 1000, 1)} s: ${JSON.stringify(rowCounts)}`);

  const { timeInbox } = await import("./bench/inbox-timing");
  server = await start();
  const inbox = await timeInbox({
    sql: seeder,
    baseUrl: server.baseUrl,
    instructorId: scale.id,
    email: "scale@bench.inbox",
    password: PASSWORD,
    conversationId: bigThreadConversationId,
  });
  await stop(server);
  await seeder.end();

  machine.loadAverageAtEnd = loadAverage();
  const c50 = ingestion.find((r) => r.connections === 50) as
    { ratio: number; bareRatio: number; webhook: LoadResult } | undefined;
  const targets = {
    webhookOverBareAt50: {
      target: ">= 0.5 (the web process alone: no worker on its cores during the load)",
      value: webProcessAlone?.bareRatio,
      met: (webProcessAlone?.bareRatio ?? 0) >= 0.5,
    },
    webhookOverBareAt50WithWorkers: {
      target: "reported (2 workers filing and drafting on the same 2 cores during the load)",
      value: c50?.bareRatio,
      met: true,
    },
    steadyP99Ms: {
      target: `<= 50 at a steady ${STEADY_RATE} deliveries/s`,
      value: steadyDrafting.webhook.p99Ms,
      met: steadyDrafting.webhook.p99Ms <= 50,
    },
    everyTurnDrafted: {
      target: `every turn drafted within max(30 s, 2 s × turns ÷ worker slots) after the load`,
      value: `${steadyDrafting.secondsAfterLoadUntilAllDrafted} s for ${steadyDrafting.turns} turns (bound ${steadyDrafting.boundSeconds} s)`,
      met: steadyDrafting.allDrafted && steadyDrafting.secondsAfterLoadUntilAllDrafted <= steadyDrafting.boundSeconds,
    },
    ingestionRatioAt50: { target: ">= 0.75", value: c50?.ratio, met: (c50?.ratio ?? 0) >= 0.75 },
    webhookP99At50Ms: { target: "<= 50", value: c50?.webhook.p99Ms, met: (c50?.webhook.p99Ms ?? Infinity) <= 50 },
    exactlyOnce: {
      target: "every acknowledged id stored once, nothing else",
      met: verifications.every((v) => v.exact),
    },
    draftIsolationP99: {
      target: "p99 does not move (≤ 1.25×)",
      value: draftIsolation.p99RatioWithOverWithout,
      met: draftIsolation.p99RatioWithOverWithout <= 1.25,
    },
    inboxServerTime: {
      target: "<= 30 ms (p95 of the query functions)",
      value: inbox.worstFunctionP95Ms,
      met: inbox.worstFunctionP95Ms <= 30,
    },
    deepPageWithin1_5x: {
      target: "page 1000 median <= 1.5 × page 1 median",
      value: inbox.deepOverFirstRatio,
      met: inbox.deepOverFirstRatio <= 1.5,
    },
  };
  const figures = {
    startedAt: new Date(startedAt).toISOString(),
    totalSeconds: round((Date.now() - startedAt) / 1000, 1),
    machine,
    settings: {
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      mix: DEFAULT_MIX,
      database: dbName,
      buildMs,
      bareBuildMs,
      workerProcesses: WORKER_PROCESSES,
      workerConcurrency: WORKER_CONCURRENCY,
    },
    ingestion,
    webProcessAlone,
    verifications,
    unsignedPost: unsigned,
    ingestionPieces,
    draftIsolation,
    steadyDrafting,
    memory,
    inboxAtScale: { seedMs, rowCounts, ...inbox },
    targets,
  };
  mkdirSync(".test-output", { recursive: true });
  writeFileSync(".test-output/bench.json", JSON.stringify(figures, null, 2));
  printTable(figures);
  log(`figures written to .test-output/bench.json (${figures.totalSeconds} s)`);
}

function printTable(f: {
  ingestion: Record<string, unknown>[];
  webProcessAlone: {
    connections: number;
    webhook: LoadResult;
    bareRatio: number;
    verification: { exact: boolean };
    backlog: { turns: number; secondsAfterLoad: number };
  } | null;
  unsignedPost: LoadResult;
  draftIsolation: { withoutModel: LoadResult; withModel: LoadResult; p99RatioWithOverWithout: number };
  steadyDrafting: {
    rate: number;
    webhook: LoadResult;
    turns: number;
    draftsMade: number;
    modelCallsTotal: number;
    secondsAfterLoadUntilAllDrafted: number;
    boundSeconds: number;
  };
  memory: Record<string, unknown>;
  inboxAtScale: {
    functions: Record<string, { medianMs: number; p95Ms: number }>;
    http: Record<string, { medianMs: number; p95Ms: number }>;
  };
  targets: Record<string, { target: string; value?: unknown; met: boolean }>;
}) {
  const rows: string[][] = [["measurement", "req/s", "p50 ms", "p99 ms", "non-2xx", "notes"]];
  for (const r of f.ingestion as {
    connections: number;
    live: LoadResult;
    bare: LoadResult;
    bareRatio: number;
    webhook: LoadResult;
    ratio: number;
    messagesStoredPerSec: number;
    verification: { exact: boolean };
  }[]) {
    rows.push([
      `live @${r.connections}`,
      String(r.live.requestsPerSec),
      String(r.live.p50Ms),
      String(r.live.p99Ms),
      String(r.live.non2xx),
      "",
    ]);
    rows.push([
      `bare route @${r.connections}`,
      String(r.bare.requestsPerSec),
      String(r.bare.p50Ms),
      String(r.bare.p99Ms),
      String(r.bare.non2xx),
      `webhook ÷ bare ${r.bareRatio}`,
    ]);
    rows.push([
      `webhook @${r.connections}`,
      String(r.webhook.requestsPerSec),
      String(r.webhook.p50Ms),
      String(r.webhook.p99Ms),
      String(r.webhook.non2xx),
      `ratio ${r.ratio}, ${r.messagesStoredPerSec} msg/s, exact ${r.verification.exact}`,
    ]);
  }
  const a = f.webProcessAlone;
  if (a)
    rows.push([
      `webhook @${a.connections}, no worker`,
      String(a.webhook.requestsPerSec),
      String(a.webhook.p50Ms),
      String(a.webhook.p99Ms),
      String(a.webhook.non2xx),
      `webhook ÷ bare ${a.bareRatio}; backlog of ${a.backlog.turns} turns filed and drafted ${a.backlog.secondsAfterLoad} s after, exact ${a.verification.exact}`,
    ]);
  const u = f.unsignedPost;
  rows.push([
    "webhook bad sig @50",
    String(u.requestsPerSec),
    String(u.p50Ms),
    String(u.p99Ms),
    String(u.non2xx),
    "401, no DB",
  ]);
  const d = f.draftIsolation;
  rows.push([
    "text @50 no model",
    String(d.withoutModel.requestsPerSec),
    String(d.withoutModel.p50Ms),
    String(d.withoutModel.p99Ms),
    String(d.withoutModel.non2xx),
    "",
  ]);
  rows.push([
    "text @50 2 s model",
    String(d.withModel.requestsPerSec),
    String(d.withModel.p50Ms),
    String(d.withModel.p99Ms),
    String(d.withModel.non2xx),
    `p99 ratio ${d.p99RatioWithOverWithout}`,
  ]);
  const st = f.steadyDrafting;
  rows.push([
    `steady ${st.rate}/s 2 s model`,
    String(st.webhook.requestsPerSec),
    String(st.webhook.p50Ms),
    String(st.webhook.p99Ms),
    String(st.webhook.non2xx),
    `${st.turns} turns, ${st.draftsMade} drafts, ${st.modelCallsTotal} model calls, all drafted ${st.secondsAfterLoadUntilAllDrafted} s after (bound ${st.boundSeconds} s)`,
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log("\n" + rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n"));
  console.log(`\nserver RSS peak during 50-conn load: ${String(f.memory.peakRssSampledDuring50ConnLoadMb)} MB`);
  console.log("\ninbox at scale (median / p95 ms):");
  for (const [name, t] of Object.entries(f.inboxAtScale.functions))
    console.log(`  fn   ${name.padEnd(28)} ${t.medianMs} / ${t.p95Ms}`);
  for (const [name, t] of Object.entries(f.inboxAtScale.http))
    console.log(`  http ${name.padEnd(28)} ${t.medianMs} / ${t.p95Ms}`);
  console.log("\ntargets:");
  for (const [name, t] of Object.entries(f.targets))
    console.log(
      `  ${t.met ? "MET    " : "MISSED "} ${name}: ${t.target}${t.value === undefined ? "" : ` (got ${String(t.value)})`}`,
    );
}

/** A text delivery of the size the load sends, for the bare route (its body is only read). */
function buildSampleDelivery() {
  return buildSimulatedDelivery({
    phoneNumberId: WEBHOOK_NUMBERS[0]!,
    from: "390000000001",
    text: "Hello, how much is a private lesson for 2 hours?",
    name: "Customer 0001",
  });
}

main()
  .then(cleanup)
  .catch(async (error) => {
    console.error(error);
    await cleanup();
    process.exitCode = 1;
  });
