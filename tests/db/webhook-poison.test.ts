/**
 * Poison deliveries: a batch mixing valid and broken items is stored (200) and files the valid ones, the
 * broken ones are quarantined raw by the webhook (never in conversations or messages); a delivery with
 * nothing valid is a 400 that writes nothing; a bug (not the database) met while filing quarantines the
 * raw delivery and ends its job, and a replay ingests it once fixed; 503 only when the database cannot
 * store the delivery; a bug that meets a database unable to take the quarantine throws, so the job is
 * retried and nothing is lost. (No worker runs in the db suite: each test files its own deliveries.)
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { db } from "@/db";
import { createDb } from "@/db/client";
import { FILE_DELIVERY_JOB, fileQueuedDelivery, registerFileDeliveryJob } from "@/db/ingestion/file-delivery-job";
import { replayUnroutableInbound } from "@/db/ingestion/replay-unroutable-inbound";
import { ingestWhatsappDelivery } from "@/db/ingestion/ingest-whatsapp-delivery";
import { listUnroutableInbound } from "@/db/queries/unroutable";
import { drainJobs } from "@/db/queue";
import { jobs, messages, unroutableInbound } from "@/db/schema";
import { isDatabaseError } from "@/lib/http/api-errors";
import { TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";
import { deliveryKeyOf, drainWithFiling, fileDeliveries } from "../helpers/file-deliveries";
import { jobRow } from "../helpers/jobs";

const DEAD_DATABASE_URL = "postgres://postgres@127.0.0.1:1/unreachable";

function textMessage(tag: string, n: number, from = "393331230000") {
  return { from, id: `wamid.${tag}.${n}`, timestamp: "1749416383", type: "text", text: { body: `valid ${n}` } };
}

function delivery(phoneNumberId: string, items: { messages?: unknown[]; statuses?: unknown[] }) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1555", phone_number_id: phoneNumberId },
              ...items,
            },
          },
        ],
      },
    ],
  };
}

async function quarantined(phoneNumberId: string) {
  return db.select().from(unroutableInbound).where(eq(unroutableInbound.phoneNumberId, phoneNumberId));
}

/** The file_delivery jobs whose delivery names this phone number id (a test instructor's own). */
async function deliveryJobsFor(phoneNumberId: string) {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, FILE_DELIVERY_JOB), sql`${jobs.payload}::text like ${`%${phoneNumberId}%`}`));
}

/** POSTs a delivery (200 expected) and returns the key of the file_delivery job it stored. */
async function postStored(body: string): Promise<string> {
  const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
  expect(response.status).toBe(200);
  const key = await deliveryKeyOf(response);
  expect(key).toEqual(expect.any(String));
  expect(await jobRow(FILE_DELIVERY_JOB, key!)).toMatchObject({ state: "queued", attempts: 0 });
  return key!;
}

/** Makes a job waiting for its backoff due now (the test does not wait for it). */
async function dueNow(key: string) {
  await db
    .update(jobs)
    .set({ runAt: sql`now()` })
    .where(and(eq(jobs.kind, FILE_DELIVERY_JOB), eq(jobs.key, key)));
}

describe("poison deliveries", () => {
  it("a mixed batch stores every valid item, quarantines each broken one raw, answers 200; WhatsApp's retry adds nothing", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const body = JSON.stringify(
      delivery(phoneNumberId, {
        messages: [
          textMessage(tag, 1),
          { from: "393331230000", timestamp: "1749416383", type: "text", text: { body: "no id" } },
          textMessage(tag, 2),
          { id: `wamid.${tag}.nosender`, timestamp: "1749416383", type: "text" },
          "not even an object",
          textMessage(tag, 3, "393339990000"),
        ],
        statuses: [{ id: `wamid.${tag}.s`, status: "delivered" }],
      }),
    );
    const keys: (string | null)[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
      expect(response.status).toBe(200);
      keys.push(await deliveryKeyOf(response));
    }
    expect(await fileDeliveries(keys)).toBe(2);
    expect(await deliveryJobsFor(phoneNumberId)).toHaveLength(0);
    const stored = await db
      .select({ body: messages.body })
      .from(messages)
      .where(eq(messages.instructorId, instructor.id));
    expect(stored.map((m) => m.body).sort()).toEqual(["valid 1", "valid 2", "valid 3"]);

    const rows = await quarantined(phoneNumberId);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.kind === "invalid_item" && r.reason && r.replayedAt === null)).toBe(true);
    expect(rows.map((r) => r.message)).toContain("not even an object");
    // Listed by `npm run unroutable -- list` (same query).
    const listed = await listUnroutableInbound({ phoneNumberId, kind: "invalid_item" });
    expect(listed).toHaveLength(4);
  });

  it("a delivery with nothing valid in it is a 400 and writes nothing (not even the quarantine)", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const body = JSON.stringify(delivery(phoneNumberId, { messages: [{ type: "text" }, 42], statuses: [{}] }));
    const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ kind: "invalid" });
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({
      conversations: 0,
      messages: 0,
      unroutableForNumber: 0,
    });
  });

  it("a bug (not the database) while filing: the webhook answered 200 (stored); filing quarantines the raw delivery and ends the job; the replay ingests it once fixed", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const body = JSON.stringify(delivery(phoneNumberId, { messages: [textMessage(tag, 1), textMessage(tag, 2)] }));
    const buggy: typeof ingestWhatsappDelivery = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'body')");
    };
    const key = await postStored(body);

    // The filing lane with the bug: the handler returns (quarantined), so the job ends and is deleted.
    registerFileDeliveryJob({ ingest: buggy });
    try {
      expect(await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: [key] })).toEqual({ done: 1, retried: 0, failed: 0 });
    } finally {
      registerFileDeliveryJob();
    }
    expect(await jobRow(FILE_DELIVERY_JOB, key)).toBeUndefined();
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 0, messages: 0 });
    const [row] = await db
      .select()
      .from(unroutableInbound)
      .where(
        and(
          eq(unroutableInbound.kind, "failed_delivery"),
          eq(unroutableInbound.phoneNumberId, phoneNumberId),
          eq(unroutableInbound.reason, "TypeError: Cannot read properties of undefined (reading 'body')"),
        ),
      );
    expect(row).toBeDefined();
    // Raw: the delivery exactly as WhatsApp posted it.
    expect(row!.value).toEqual(JSON.parse(body));
    expect(JSON.stringify(row!.value)).toContain(`wamid.${tag}.1`);

    // The bug is fixed (the real ingestion): replay stores both messages, once.
    const replay = await replayUnroutableInbound({ phoneNumberId }, db);
    expect(replay).toMatchObject({ replayed: 2, stillFailing: 0 });
    expect(await tenantCounts(instructor.id)).toMatchObject({ messages: 2 });
    const [after] = await db.select().from(unroutableInbound).where(eq(unroutableInbound.id, row!.id));
    expect(after!.replayedAt).not.toBeNull();
  });

  it("503 with no job stored when the database cannot take the delivery", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const body = JSON.stringify(delivery(phoneNumberId, { messages: [textMessage(uniqueSuffix(), 1)] }));
    const dead = createDb({ databaseUrl: DEAD_DATABASE_URL, poolMax: 1 });
    try {
      const dbDown = await handleWhatsappWebhookPost(webhookRequest(body), {
        database: dead.db,
        appSecret: TEST_APP_SECRET,
      });
      expect(dbDown.status).toBe(503);
      expect(await dbDown.json()).toMatchObject({ kind: "unavailable" });
    } finally {
      await dead.close().catch(() => {});
    }
    expect(await deliveryJobsFor(phoneNumberId)).toHaveLength(0);
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({ messages: 0, unroutableForNumber: 0 });
  });

  it("a bug that meets a database unable to take the quarantine throws: the job is retried, nothing is lost", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const body = JSON.stringify(delivery(phoneNumberId, { messages: [textMessage(tag, 1)] }));
    const buggy: typeof ingestWhatsappDelivery = async () => {
      throw new RangeError("bug");
    };
    const key = await postStored(body);
    const stored = (await jobRow(FILE_DELIVERY_JOB, key))!;

    const dead = createDb({ databaseUrl: DEAD_DATABASE_URL, poolMax: 1 });
    try {
      // The quarantine's own database error is thrown (not the bug, not swallowed)…
      const thrown = await fileQueuedDelivery(stored.payload, { database: dead.db, ingest: buggy }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(thrown).not.toBeNull();
      expect(thrown).not.toBeInstanceOf(RangeError);
      expect(isDatabaseError(thrown)).toBe(true);
      // …so the queue keeps the job for a retry instead of ending it.
      expect(await drainWithFiling(key, { database: dead.db, ingest: buggy })).toEqual({
        done: 0,
        retried: 1,
        failed: 0,
      });
    } finally {
      await dead.close().catch(() => {});
    }
    expect(await jobRow(FILE_DELIVERY_JOB, key)).toMatchObject({
      state: "queued",
      attempts: 1,
      payload: stored.payload,
    });
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({ messages: 0, unroutableForNumber: 0 });

    // Fixed and back: the retry files the delivery once, and the job is deleted.
    await dueNow(key);
    expect(await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: [key] })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await jobRow(FILE_DELIVERY_JOB, key)).toBeUndefined();
    const stored1 = await db
      .select()
      .from(messages)
      .where(eq(messages.externalMessageId, `wamid.${tag}.1`));
    expect(stored1).toHaveLength(1);
    expect(stored1[0]).toMatchObject({ instructorId: instructor.id, body: "valid 1" });
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({ messages: 1, unroutableForNumber: 0 });
  });
});
