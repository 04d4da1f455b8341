/**
 * Debounced jobs (db/queue.ts) and the turn's drafting debounce (DRAFT_DEBOUNCE_MS): a burst of one
 * turn's messages is drafted once, as a whole; a later message pushes the job out, never past the cap;
 * a worker that only polls once a minute still runs the job when it is due (its timer, set from the
 * claim's answer or from the NOTIFY's due time).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
});

import { eq, sql } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { db, rowsOf } from "@/db";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import {
  drainJobs,
  enqueueJob,
  jobInsertSql,
  jobNotifySql,
  registerJobHandler,
  startJobWorker,
  type JobContext,
} from "@/db/queue";
import { drafts, jobs, messages } from "@/db/schema";
import { env } from "@/server/env";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestInstructor } from "../helpers/factories";
import { deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";
import { jobRow, uniqueKind } from "../helpers/jobs";
import { startFakeModelServer, type FakeModelServer } from "../helpers/fake-model-server";

/** Seconds from the database's now() to the job's run_at and run_by. */
async function dueInSeconds(kind: string, key: string): Promise<{ runAt: number; runBy: number | null }> {
  const [row] = rowsOf<{ run_at: number; run_by: number | null }>(
    await db.execute(sql`select extract(epoch from run_at - now())::float8 as run_at,
      extract(epoch from run_by - now())::float8 as run_by from jobs where kind = ${kind} and key = ${key}`),
  );
  return { runAt: Number(row!.run_at), runBy: row!.run_by === null ? null : Number(row!.run_by) };
}

describe("debounced enqueue", () => {
  it("waits delayMs, a later debounced enqueue pushes it out, never past maxDelayMs after the first; a plain enqueue makes it due at once", async () => {
    const kind = uniqueKind("debounce");
    const debounce = { delayMs: 2_000, maxDelayMs: 3_000 };
    await enqueueJob(db, { kind, key: "t", debounce });
    let due = await dueInSeconds(kind, "t");
    expect(due.runAt).toBeGreaterThan(1.5);
    expect(due.runAt).toBeLessThanOrEqual(2.0);
    expect(due.runBy).toBeGreaterThan(2.5);
    // Not due: a drain does not run it.
    registerJobHandler(kind, async () => {});
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 0, retried: 0, failed: 0 });

    await new Promise((r) => setTimeout(r, 1_200));
    await enqueueJob(db, { kind, key: "t", debounce });
    due = await dueInSeconds(kind, "t");
    // Pushed out to now + 2 s, but the cap (first + 3 s) is ~1.8 s away: the cap wins.
    expect(due.runAt).toBeGreaterThan(1.3);
    expect(due.runAt).toBeLessThanOrEqual(due.runBy! + 0.001);
    expect(due.runBy).toBeLessThan(2.0);
    expect(await db.select().from(jobs).where(eq(jobs.kind, kind))).toHaveLength(1);

    // An instructor's own request (no debounce): due at once.
    await enqueueJob(db, { kind, key: "t" });
    due = await dueInSeconds(kind, "t");
    expect(due.runAt).toBeLessThanOrEqual(0);
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await jobRow(kind, "t")).toMatchObject({ state: "done", runBy: null });

    // Finished: the next debounced enqueue opens a fresh window.
    await enqueueJob(db, { kind, key: "t", debounce });
    due = await dueInSeconds(kind, "t");
    expect(due.runAt).toBeGreaterThan(1.5);
    expect(due.runBy).toBeGreaterThan(2.5);
  });

  it("a debounced enqueue pushes a waiting plain job out too (the turn grew), within the cap", async () => {
    const kind = uniqueKind("debounce-plain");
    await enqueueJob(db, { kind, key: "p" });
    await enqueueJob(db, { kind, key: "p", debounce: { delayMs: 1_000, maxDelayMs: 4_000 } });
    const due = await dueInSeconds(kind, "p");
    expect(due.runAt).toBeGreaterThan(0.5);
    expect(due.runBy).toBeGreaterThan(3.5);
  });

  it("a worker polling once a minute runs it when due: woken by the NOTIFY's due time, or by its claim's answer", async () => {
    const kind = uniqueKind("debounce-wake");
    const ran = new Map<string, number>();
    registerJobHandler(kind, async (_payload, job: JobContext) => {
      ran.set(job.key, Date.now());
    });
    const debounce = { delayMs: 600, maxDelayMs: 5_000 };
    // Queued before the worker starts: its first claim finds nothing due and learns when it will be.
    const before = Date.now();
    await enqueueJob(db, { kind, key: "early", debounce });
    const worker = startJobWorker({ kinds: [kind], pollMs: 60_000, concurrency: 2 });
    try {
      await expect.poll(() => ran.has("early"), { timeout: 5_000, interval: 50 }).toBe(true);
      expect(ran.get("early")! - before).toBeGreaterThanOrEqual(550);
      await new Promise((r) => setTimeout(r, 300)); // LISTEN is set up
      // Raw SQL in a transaction, as ingestion does: only the NOTIFY (with its due time) can wake the worker.
      const queuedAt = Date.now();
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`with queued as (${jobInsertSql({ kind, key: "late", debounce })}) select ${jobNotifySql(sql`queued`, kind)} as notified`,
        );
      });
      await expect.poll(() => ran.has("late"), { timeout: 5_000, interval: 50 }).toBe(true);
      expect(ran.get("late")! - queuedAt).toBeGreaterThanOrEqual(550);
      expect(ran.get("late")! - queuedAt).toBeLessThan(3_000);
    } finally {
      await worker.stop();
    }
  });
});

describe("a turn's burst is drafted once (DRAFT_DEBOUNCE_MS)", () => {
  let fake: FakeModelServer;
  const saved = {
    AI_BASE_URL: env.AI_BASE_URL,
    AI_MODEL: env.AI_MODEL,
    DRAFT_DEBOUNCE_MS: env.DRAFT_DEBOUNCE_MS,
    DRAFT_DEBOUNCE_MAX_MS: env.DRAFT_DEBOUNCE_MAX_MS,
  };
  beforeAll(async () => {
    fake = await startFakeModelServer({
      delayMs: 50,
      answer: { intent: "booking_request", language: "de", confidence: 0.9, reply: "Gerne! Welcher Tag passt?" },
    });
    env.AI_BASE_URL = fake.baseUrl;
    env.AI_MODEL = "fake-debounce";
    registerDraftTurnJob();
  });
  afterAll(async () => {
    Object.assign(env, saved);
    await fake.close();
  });

  async function post(phoneNumberId: string, from: string, text: string) {
    const body = JSON.stringify(buildSimulatedDelivery({ phoneNumberId, from, name: "Anna", text }));
    const response = await POST(webhookRequest(body));
    expect(response.status).toBe(200);
    // Filed at once, as the worker's filing lane would: filing queues the turn's debounced drafting job.
    expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
  }

  it('"Hallo!" then the question: one model call, one draft, for the whole turn', async () => {
    env.DRAFT_DEBOUNCE_MS = 800;
    env.DRAFT_DEBOUNCE_MAX_MS = 5_000;
    const instructor = await createTestInstructor();
    const from = `4179${String(Date.now()).slice(-7)}`;
    const calls0 = fake.requests.length;
    await post(instructor.whatsappPhoneNumberId!, from, "Hallo!");
    const [message] = await db
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(eq(messages.instructorId, instructor.id));
    const keys = [message!.conversationId];
    // Nothing is due yet: a drain now drafts nothing (without the debounce it would draft "Hallo!").
    expect(await drainJobs({ kinds: [DRAFT_TURN_JOB], keys })).toEqual({ done: 0, retried: 0, failed: 0 });
    await post(instructor.whatsappPhoneNumberId!, from, "Kann ich am Samstag um 10 Uhr eine Skistunde buchen?");

    const worker = startJobWorker({ kinds: [DRAFT_TURN_JOB], keys, pollMs: 60_000, concurrency: 2 });
    try {
      await expect
        .poll(async () => (await jobRow(DRAFT_TURN_JOB, keys[0]!))?.state, { timeout: 10_000, interval: 100 })
        .toBe("done");
    } finally {
      await worker.stop();
    }
    expect(fake.requests.length - calls0).toBe(1);
    const rows = await db.select().from(drafts).where(eq(drafts.conversationId, keys[0]!));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "proposed", supersededBy: null });
  });
});
