/**
 * Ingestion's own cost, in this process (no HTTP, no Next): parsing, then `ingestWhatsappDelivery` on a
 * fresh database with the bench's delivery mix, through a client that counts statements. Reports CPU per
 * delivery of this process and of its PostgreSQL backend(s), statements and commits per delivery.
 *
 *   npx tsx --conditions=react-server scripts/bench/ingest-cost.ts
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=react-server --import tsx scripts/bench/ingest-cost.ts
 * Env: INGEST_COST_S (8), INGEST_COST_CONCURRENCY (10), INGEST_COST_TEXT_ONLY=1, INGEST_COST_FLOOR=1 (first the
 * floor: one prepared single-row INSERT per delivery body, autocommit), INGEST_COST_STAGE_STATS=1, INGEST_COST_PLAN
 * (plan_cache_mode of the measured client: auto, force_custom_plan as db/client.ts sets it…).
 */
import os from "node:os";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import * as dbClient from "@/db/client";
import type { Db } from "@/db/client";
import { logger } from "@/server/logger";
import { parseWebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { createBenchDatabase } from "./bench-database";
import { pointAtFreshBenchDatabase } from "./bench-db-url";
import { readCpuSeconds, round } from "./stats";
import { DEFAULT_MIX, deliveryGenerator, newTracker } from "./webhook-load";

const DURATION_S = Number(process.env.INGEST_COST_S ?? 8);
const CONCURRENCY = Number(process.env.INGEST_COST_CONCURRENCY ?? 10);
const NUMBERS = ["910000000000001", "910000000000002", "910000000000003"];

const { adminUrl, dbName, dbUrl } = pointAtFreshBenchDatabase("inbox_ingest_cost");

async function main() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const statements = new Map<string, number>();
  let statementCount = 0;
  try {
    await createBenchDatabase({ admin, dbName, dbUrl, numbers: NUMBERS, key: "ingest" });
    // Per-statement CPU of PostgreSQL's parse, plan and execute stages, into the server log (costs CPU itself).
    if (process.env.INGEST_COST_STAGE_STATS === "1") {
      for (const setting of ["log_parser_stats", "log_planner_stats", "log_executor_stats"])
        await admin.unsafe(`alter database ${dbName} set ${setting} = on`);
      console.error(`stage stats for ${dbName} in the server log`);
    }

    // The app's client options, plus a statement counter.
    const client = postgres(dbUrl, {
      max: CONCURRENCY,
      onnotice: () => {},
      prepare: true,
      connection: {
        application_name: "ingest-cost",
        ...(process.env.INGEST_COST_PLAN ? { plan_cache_mode: process.env.INGEST_COST_PLAN } : {}),
      },
      debug: (_connection: number, query: string) => {
        statementCount += 1;
        const head = query.replace(/\s+/g, " ").trim().slice(0, 60);
        statements.set(head, (statements.get(head) ?? 0) + 1);
      },
    });
    // As db/client.ts wraps it (when it does: this script also measures the code before that change).
    const wrap = (dbClient as { preparedStatements?: <T>(c: T) => T }).preparedStatements ?? ((c) => c);
    const database = drizzle({ client: wrap(client), schema }) as unknown as Db;
    const { ingestWhatsappDelivery } = await import("@/db/ingestion/ingest-whatsapp-delivery");
    const quiet = logger.child({});
    quiet.level = "silent";

    const tracker = newTracker("cost");
    const next = deliveryGenerator({
      phase: "cost",
      phoneNumberIds: NUMBERS,
      appSecret: "s",
      mix: { ...DEFAULT_MIX, textOnly: process.env.INGEST_COST_TEXT_ONLY === "1" },
      tracker,
    });
    const run = async (seconds: number) => {
      let deliveries = 0;
      const deadline = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < deadline) {
            const parsed = parseWebhookDelivery(JSON.parse(next().body));
            if (!parsed.ok) throw new Error("generated delivery did not parse");
            await ingestWhatsappDelivery({ delivery: parsed.delivery, log: quiet }, database);
            deliveries += 1;
          }
        }),
      );
      return deliveries;
    };
    await run(2); // warm-up: JIT, connections, prepared statements

    // The floor: one durable single-row INSERT (prepared, autocommit) per "delivery" through the same
    // client, the least a webhook that stores something must cost.
    const floorRun = async (seconds: number) => {
      await client.unsafe("create table if not exists floor_probe (id bigserial primary key, body jsonb not null)");
      let n = 0;
      const deadline = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < deadline) {
            await client.unsafe("insert into floor_probe (body) values ($1::jsonb) returning id", [next().body], {
              prepare: true,
            });
            n += 1;
          }
        }),
      );
      return n;
    };
    const backends = async () =>
      (
        await admin<
          { pid: number }[]
        >`select pid from pg_stat_activity where datname = ${dbName} and application_name = 'ingest-cost'`
      ).map((r) => r.pid);
    const commits = async () =>
      Number(
        (
          await admin<{ c: string }[]>`select xact_commit::text as c from pg_stat_database where datname = ${dbName}`
        )[0]!.c,
      );
    let floor: Record<string, number> | null = null;
    if (process.env.INGEST_COST_FLOOR === "1") {
      await floorRun(1);
      const fp = await backends();
      const fpg0 = fp.reduce((s, pid) => s + readCpuSeconds(pid), 0);
      const fcpu0 = process.cpuUsage();
      const n = await floorRun(DURATION_S);
      const fcpu = process.cpuUsage(fcpu0);
      const fpg = (await backends()).reduce((s, pid) => s + readCpuSeconds(pid), 0) - fpg0;
      floor = {
        inserts: n,
        insertsPerSec: round(n / DURATION_S, 1),
        nodeCpuMsPerInsert: round((fcpu.user + fcpu.system) / 1000 / n, 3),
        postgresCpuMsPerInsert: round((fpg * 1000) / n, 3),
      };
    }
    const pids = await backends();
    const pg0 = pids.reduce((s, pid) => s + readCpuSeconds(pid), 0);
    const c0 = await commits();
    const cpu0 = process.cpuUsage();
    statementCount = 0;
    statements.clear();
    const started = Date.now();
    const deliveries = await run(DURATION_S);
    const wallS = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pg = (await backends()).reduce((s, pid) => s + readCpuSeconds(pid), 0) - pg0;
    const c1 = await commits();
    await client.end();
    const per = (x: number) => round(x / deliveries, 3);
    console.log(
      JSON.stringify(
        {
          load: os.loadavg().map((l) => round(l, 2)),
          floor,
          deliveries,
          deliveriesPerSec: round(deliveries / wallS, 1),
          nodeCpuMsPerDelivery: per((cpu.user + cpu.system) / 1000),
          nodeUserMs: per(cpu.user / 1000),
          nodeSystemMs: per(cpu.system / 1000),
          postgresCpuMsPerDelivery: per(pg * 1000),
          statementsPerDelivery: per(statementCount),
          commitsPerDelivery: per(c1 - c0),
          statements: Object.fromEntries(
            [...statements]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 12)
              .map(([k, v]) => [k, per(v)]),
          ),
        },
        null,
        2,
      ),
    );
  } finally {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
