/**
 * Reliability over real HTTP against the production server: a replay storm, and a database
 * outage through a TCP proxy cut in the middle of a load. Both count rows in the server's PostgreSQL
 * database, so they run when the suite has DATABASE_URL (CI does); on PGlite the server owns the files.
 * The webhook stores each delivery as a `file_delivery` job and the servers' workers file it a moment
 * later: the counts are taken once none of the run's jobs is left to file.
 * Sizes: RELIABILITY_DELIVERIES (default 400).
 */
import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import postgres from "postgres";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { E2E_SECRETS, e2eDatabaseUrl } from "./e2e-env";
import { DEMO, signBody, textDelivery } from "./helpers";

const DELIVERIES = Number(process.env.RELIABILITY_DELIVERIES ?? 400);
const databaseUrl = e2eDatabaseUrl();
test.skip(!databaseUrl, "needs PostgreSQL (DATABASE_URL) to count rows beside the running server");

interface Delivery {
  wamid: string;
  body: string;
}

function makeDeliveries(prefix: string, n: number): Delivery[] {
  return Array.from({ length: n }, (_, i) => {
    const wamid = `wamid.${prefix}.${i}`;
    // 40 senders, so many deliveries race on the same brand-new conversation.
    const from = `3933900${String(i % 40).padStart(5, "0")}${prefix.length}`;
    return {
      wamid,
      body: JSON.stringify(
        textDelivery({ phoneNumberId: DEMO.giulia.phoneNumberId, from, text: `message ${i}`, id: wamid }),
      ),
    };
  });
}

async function post(baseUrl: string, body: string): Promise<number> {
  try {
    const response = await fetch(`${baseUrl}/api/webhook/whatsapp`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0; // connection-level failure: WhatsApp would retry
  }
}

/** Post every body with `concurrency` requests in flight; returns the status of each. */
async function postAll(
  baseUrl: string,
  bodies: string[],
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<number[]> {
  const statuses: number[] = new Array(bodies.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const i = next++;
        statuses[i] = await post(baseUrl, bodies[i]!);
        onProgress?.(++done);
      }
    }),
  );
  return statuses;
}

/** The webhook's `file_delivery` jobs of this run still to be filed (queued, or running) and given up on. */
async function filingOf(sql: postgres.Sql, prefix: string) {
  const [row] = await sql<{ pending: number; failed: number }[]>`
    select count(*) filter (where state in ('queued', 'running'))::int as pending,
           count(*) filter (where state = 'failed')::int as failed
    from jobs where kind = 'file_delivery' and payload::text like ${`%"wamid.${prefix}.%`}`;
  return row!;
}

/**
 * Waits until the workers have filed every delivery of this run that the webhook stored (a filed job's row
 * is deleted); none may have been given up. A job whose worker lost the database mid-way is filed again
 * once its lease runs out (FILING_LEASE_MS, 15 s) and a retry after the database failed waits its backoff.
 */
async function allFiled(sql: postgres.Sql, prefix: string) {
  await expect
    .poll(async () => (await filingOf(sql, prefix)).pending, {
      message: "deliveries still waiting to be filed",
      timeout: 90_000,
      intervals: [250, 500, 1000],
    })
    .toBe(0);
  expect((await filingOf(sql, prefix)).failed).toBe(0);
}

async function storedCounts(sql: postgres.Sql, prefix: string) {
  const [row] = await sql<{ inbound: number; messages: number; distinct_ids: number }[]>`
    select (select count(*)::int from inbound_messages where external_message_id like ${`wamid.${prefix}.%`}) as inbound,
           (select count(*)::int from messages where external_message_id like ${`wamid.${prefix}.%`}) as messages,
           (select count(distinct external_message_id)::int from inbound_messages where external_message_id like ${`wamid.${prefix}.%`}) as distinct_ids`;
  return row!;
}

test("replay storm: deliveries with 30% duplicates over 32 connections are stored exactly once each, zero 5xx", async ({
  baseURL,
}) => {
  const prefix = `storm${Date.now()}`;
  const deliveries = makeDeliveries(prefix, DELIVERIES);
  const duplicates = deliveries.filter((_, i) => i % 10 < 3).map((d) => d.body);
  const bodies = [...deliveries.map((d) => d.body), ...duplicates].sort(() => Math.random() - 0.5);
  test.setTimeout(120_000);
  const statuses = await postAll(baseURL!, bodies, 32);
  const fiveXX = statuses.filter((s) => s >= 500 || s === 0).length;
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  let counts: Awaited<ReturnType<typeof storedCounts>>;
  try {
    await allFiled(sql, prefix);
    counts = await storedCounts(sql, prefix);
  } finally {
    await sql.end();
  }
  test.info().annotations.push({
    type: "figures",
    description: `tried ${bodies.length} (${duplicates.length} duplicates), stored ${counts.inbound}, 5xx ${fiveXX}`,
  });
  expect(fiveXX).toBe(0);
  expect(counts).toEqual({ inbound: DELIVERIES, messages: DELIVERIES, distinct_ids: DELIVERIES });
});

test.describe("database outage", () => {
  let proxy: TcpProxy;
  let server: ChildProcess;
  const port = Number(process.env.E2E_PORT ?? 3100) + 2;
  const baseUrl = `http://127.0.0.1:${port}`;

  test.beforeAll(async () => {
    const target = new URL(databaseUrl!);
    proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const proxied = new URL(databaseUrl!);
    proxied.host = `127.0.0.1:${proxy.port}`;
    server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        ...E2E_SECRETS,
        DATABASE_URL: proxied.toString(),
        APP_URL: baseUrl,
        LOG_LEVEL: "silent",
        DRAFT_SWEEP_INTERVAL_MS: "0",
      },
      stdio: "ignore",
      detached: true,
    });
    for (let i = 0; i < 150; i++) {
      if (
        await fetch(`${baseUrl}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the proxied server did not start");
  });

  test.afterAll(async () => {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
    await proxy?.close();
  });

  test("cut mid-load → 503, never 200 for an unstored message; re-posting the failures stores each exactly once", async () => {
    test.setTimeout(240_000);
    const started = Date.now();
    const prefix = `outage${Date.now()}`;
    const deliveries = makeDeliveries(prefix, DELIVERIES);
    let cutDone = false;
    let restored = false;
    const statuses = await postAll(
      baseUrl,
      deliveries.map((d) => d.body),
      16,
      (done) => {
        if (!cutDone && done >= DELIVERIES * 0.3) {
          cutDone = true;
          proxy.cut();
        }
        if (!restored && done >= DELIVERIES * 0.7) {
          restored = true;
          proxy.restore();
        }
      },
    );
    const failedFirst = statuses.filter((s) => s !== 200).length;
    console.log(`outage load: ${DELIVERIES} posted in ${Date.now() - started} ms, ${failedFirst} not acknowledged`);
    const wrongSuccess = statuses.filter((s) => s !== 200 && s !== 503 && s !== 0).length;

    const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    // Never 200 for an unstored message: every delivery answered 200 is in the database now, filed or
    // still waiting as its job (one statement, one snapshot: a job is deleted only after its filing committed).
    const acknowledged = deliveries.filter((_, i) => statuses[i] === 200).map((d) => d.wamid);
    const [storedRow] = await sql<{ stored: number }[]>`
      select count(*)::int as stored from unnest(${acknowledged}::text[]) as a(wamid)
      where exists (select 1 from inbound_messages i where i.external_message_id = a.wamid)
         or exists (select 1 from jobs j where j.kind = 'file_delivery' and j.state in ('queued', 'running')
           and jsonb_path_exists(j.payload, '$.delivery.entry[*].changes[*].value.messages[*].id ? (@ == $w)',
             jsonb_build_object('w', a.wamid)))`;
    const stored = storedRow!.stored;
    expect(stored).toBe(acknowledged.length);

    // WhatsApp retries what did not get a 2xx (here: everything not acknowledged, until all are).
    let retryStatuses = statuses;
    for (let round = 0; round < 5 && retryStatuses.some((s) => s !== 200); round++) {
      const pending = deliveries.filter((_, i) => retryStatuses[i] !== 200);
      const again = await postAll(
        baseUrl,
        pending.map((d) => d.body),
        16,
      );
      let j = 0;
      retryStatuses = retryStatuses.map((s) => (s === 200 ? s : again[j++]!));
    }
    await allFiled(sql, prefix);
    const counts = await storedCounts(sql, prefix);
    await sql.end();
    test.info().annotations.push({
      type: "figures",
      description: `tried ${DELIVERIES}, failed during the cut ${failedFirst}, stored after retries ${counts.inbound}, duplicated ${counts.inbound - counts.distinct_ids}`,
    });
    expect(failedFirst).toBeGreaterThan(0); // the cut really happened under load
    expect(wrongSuccess).toBe(0); // failures are 503 (or a dropped connection), never a 4xx
    expect(counts).toEqual({ inbound: DELIVERIES, messages: DELIVERIES, distinct_ids: DELIVERIES });
  });
});
