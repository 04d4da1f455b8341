/**
 * TA-3 failure modes: the webhook stores the delivery as one `file_delivery` job and answers 200; the
 * filing lane files it (the message, and its turn's drafting job written with it), so a drafter that
 * throws or hangs never changes the 200 nor loses the message. An unreachable database answers 503 with
 * nothing written (no job), and re-posting files each message once; a database that fails while a
 * delivery is being filed leaves the job queued for a retry, with nothing half-written.
 * (No worker runs in the db suite: each test files the deliveries its own requests queued.)
 */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
});

import { and, eq, inArray, sql } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { db } from "@/db";
import { createDb } from "@/db/client";
import {
  FILE_DELIVERY_JOB,
  FILE_DELIVERY_MAX_ATTEMPTS,
  fileQueuedDelivery,
  registerFileDeliveryJob,
} from "@/db/ingestion/file-delivery-job";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { drainJobs, registerJobHandler } from "@/db/queue";
import { drafts, jobs, messages } from "@/db/schema";
import { isDatabaseError } from "@/lib/http/api-errors";
import { settleDetachedTasks } from "@/server/run-after-response";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { loadFixture, TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";
import { deliveryKeyOf, drainWithFiling, fileDeliveries, fileDeliveryOf } from "../helpers/file-deliveries";
import { jobRow } from "../helpers/jobs";

afterAll(settleDetachedTasks);

const DEAD_DATABASE_URL = "postgres://postgres@127.0.0.1:1/unreachable";

/** The file_delivery jobs whose delivery names this phone number id (a test instructor's own). */
async function deliveryJobsFor(phoneNumberId: string) {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, FILE_DELIVERY_JOB), sql`${jobs.payload}::text like ${`%${phoneNumberId}%`}`));
}

describe("drafting after commit: an outbox job, never work in the request", () => {
  async function jobOf(conversationId: string) {
    const [row] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), eq(jobs.key, conversationId)));
    return row;
  }

  it("a drafter that throws → still 200, the message persisted, and its turn's job kept with the error for a retry", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "393331110001",
        text: "Free on Friday?",
      }),
    );
    const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
    expect(response.status).toBe(200);
    await fileDeliveryOf(response);
    const [row] = await db.select().from(messages).where(eq(messages.instructorId, instructor.id));
    expect(row).toMatchObject({ type: "text", body: "Free on Friday?" });
    expect(await jobOf(row!.conversationId)).toMatchObject({
      state: "queued",
      payload: { instructorId: instructor.id, conversationId: row!.conversationId },
    });

    registerJobHandler(DRAFT_TURN_JOB, async () => {
      throw new Error("model exploded");
    });
    try {
      await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [row!.conversationId] });
    } finally {
      registerDraftTurnJob({ model: null });
    }
    expect(await jobOf(row!.conversationId)).toMatchObject({
      state: "queued",
      attempts: 1,
      lastError: "model exploded",
    });
  });

  it("the response does not wait for drafting: 200 with the job queued and no draft yet", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "393331110002",
        text: "Can I book on Saturday?",
      }),
    );
    const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
    expect(response.status).toBe(200);
    await fileDeliveryOf(response);
    const [row] = await db.select().from(messages).where(eq(messages.instructorId, instructor.id));
    expect(await db.select().from(drafts).where(eq(drafts.conversationId, row!.conversationId))).toHaveLength(0);
    expect((await jobOf(row!.conversationId))?.state).toBe("queued");
  });

  it("every new message queues its conversation's turn (one coalesced job); a duplicate queues nothing", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    for (const name of ["meta/image", "meta/reaction", "meta/location", "meta/text"]) {
      const body = JSON.stringify(loadFixture(name, { phoneNumberId, tag }));
      const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
      expect(response.status).toBe(200);
      expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
    }
    const conversationIds = [
      ...new Set(
        (await db.select().from(messages).where(eq(messages.instructorId, instructor.id))).map((m) => m.conversationId),
      ),
    ];
    const queued = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), inArray(jobs.key, conversationIds)));
    expect(queued).toHaveLength(conversationIds.length);
    registerDraftTurnJob({ model: null });
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: conversationIds });
    const before = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), inArray(jobs.key, conversationIds)));
    expect(before.every((j) => j.state === "done")).toBe(true);
    // The same text again (WhatsApp's retry): a duplicate, so its statement queued nothing.
    const body = JSON.stringify(loadFixture("meta/text", { phoneNumberId, tag }));
    const again = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
    expect(again.status).toBe(200);
    expect(await fileDeliveries([await deliveryKeyOf(again)])).toBe(1);
    const after = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), inArray(jobs.key, conversationIds)));
    expect(after.map((j) => j.state)).toEqual(before.map((j) => j.state));
  });

  it("through the route with the real drafter: 200, persisted, and the worker's draft follows", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "393331110003",
        text: "Price for 2 hours?",
      }),
    );
    const response = await POST(webhookRequest(body));
    expect(response.status).toBe(200);
    expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
    expect(await tenantCounts(instructor.id)).toMatchObject({ inbound: 1, messages: 1 });
    registerDraftTurnJob({ model: null });
    const conversationIds = (await db.select().from(messages).where(eq(messages.instructorId, instructor.id))).map(
      (m) => m.conversationId,
    );
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: conversationIds });
    const rows = await db.select().from(drafts).where(eq(drafts.instructorId, instructor.id));
    expect(rows).toHaveLength(1);
  });
});

describe("filing through the queue", () => {
  it("the 200 names the stored file_delivery job; the filing lane files it once and deletes the job", async () => {
    const instructor = await createTestInstructor();
    const delivery = buildSimulatedDelivery({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      from: "393331110004",
      text: "Is Sunday free?",
    });
    const response = await POST(webhookRequest(JSON.stringify(delivery)));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { kind: string; ok: boolean; delivery: string };
    expect(answer).toMatchObject({ kind: "ok", ok: true });
    const key = answer.delivery;
    // Stored, not filed yet: the job holds the delivery as posted, and nothing reached the inbox.
    const stored = await jobRow(FILE_DELIVERY_JOB, key);
    expect(stored).toMatchObject({ state: "queued", attempts: 0, maxAttempts: FILE_DELIVERY_MAX_ATTEMPTS });
    expect(stored!.payload.delivery).toEqual(delivery);
    expect(await tenantCounts(instructor.id)).toMatchObject({ inbound: 0, messages: 0 });

    registerFileDeliveryJob();
    expect(await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: [key] })).toEqual({ done: 1, retried: 0, failed: 0 });
    // deleteWhenDone: a filed delivery's row is gone (its content now lives in messages).
    expect(await jobRow(FILE_DELIVERY_JOB, key)).toBeUndefined();
    const rows = await db.select().from(messages).where(eq(messages.instructorId, instructor.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "text", body: "Is Sunday free?" });
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, inbound: 1, messages: 1 });
    // Nothing is left to run for that key.
    expect(await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: [key] })).toEqual({ done: 0, retried: 0, failed: 0 });
  });
});

describe("database unreachable", () => {
  it("answers 503 with nothing written (no job); after it returns, re-posting files each message once", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const deliveries = ["meta/batch_three_messages", "meta/image", "meta/reaction"].map((name) =>
      JSON.stringify(loadFixture(name, { phoneNumberId, tag })),
    );

    const dead = createDb({ databaseUrl: DEAD_DATABASE_URL, poolMax: 1 });
    try {
      for (const body of deliveries) {
        const started = performance.now();
        const response = await handleWhatsappWebhookPost(webhookRequest(body), {
          database: dead.db,
          appSecret: TEST_APP_SECRET,
        });
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBe("30");
        expect(performance.now() - started).toBeLessThan(6000);
      }
    } finally {
      await dead.close().catch(() => {});
    }
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({
      conversations: 0,
      inbound: 0,
      messages: 0,
      unroutableForNumber: 0,
    });
    expect(await deliveryJobsFor(phoneNumberId)).toHaveLength(0);

    // The database is back (WhatsApp retries, maybe more than once): each 200 stored one job.
    const keys: (string | null)[] = [];
    for (const body of [...deliveries, ...deliveries]) {
      const response = await POST(webhookRequest(body));
      expect(response.status).toBe(200);
      keys.push(await deliveryKeyOf(response));
    }
    expect(new Set(keys).size).toBe(6);
    expect(await deliveryJobsFor(phoneNumberId)).toHaveLength(6);
    expect(await fileDeliveries(keys)).toBe(6);
    // Every job succeeded (deleted when done; a retried one would still be queued).
    expect(await deliveryJobsFor(phoneNumberId)).toHaveLength(0);
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, inbound: 5, messages: 5 });
  });

  it("a database that fails while a delivery is filed: it throws, so the job stays queued for a retry, nothing half-written; the retry files it once", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const body = JSON.stringify(loadFixture("meta/batch_three_messages", { phoneNumberId, tag: uniqueSuffix() }));
    const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
    expect(response.status).toBe(200);
    const key = (await deliveryKeyOf(response))!;
    const stored = await jobRow(FILE_DELIVERY_JOB, key);
    expect(stored).toMatchObject({ state: "queued", attempts: 0 });

    const dead = createDb({ databaseUrl: DEAD_DATABASE_URL, poolMax: 1 });
    try {
      // Filing into a dead database throws the database's error (never quarantined as a bug)…
      const thrown = await fileQueuedDelivery(stored!.payload, { database: dead.db }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(thrown).not.toBeNull();
      expect(isDatabaseError(thrown)).toBe(true);
      // …so the queue keeps the job for a retry with backoff instead of ending it.
      expect(await drainWithFiling(key, { database: dead.db })).toEqual({ done: 0, retried: 1, failed: 0 });
    } finally {
      await dead.close().catch(() => {});
    }
    const waiting = await jobRow(FILE_DELIVERY_JOB, key);
    expect(waiting).toMatchObject({ state: "queued", attempts: 1, payload: stored!.payload });
    expect(waiting!.lastError).toBeTruthy();
    // Not at once: a backoff (the first retry waits about a second).
    expect(waiting!.runAt.getTime()).toBeGreaterThan(stored!.runAt.getTime() + 500);
    // Nothing half-written: no conversation, no message, and not quarantined as a bug.
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({
      conversations: 0,
      inbound: 0,
      messages: 0,
      unroutableForNumber: 0,
    });

    // The database is back and the backoff has passed: the retry files it once and the job is deleted.
    await db
      .update(jobs)
      .set({ runAt: sql`now()` })
      .where(and(eq(jobs.kind, FILE_DELIVERY_JOB), eq(jobs.key, key)));
    expect(await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: [key] })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await jobRow(FILE_DELIVERY_JOB, key)).toBeUndefined();
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({
      conversations: 1,
      inbound: 3,
      messages: 3,
      unroutableForNumber: 0,
    });
  });
});
