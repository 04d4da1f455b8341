/**
 * TA-3 failure modes: drafting is a queued job written with the message, so a drafter that throws or
 * hangs never changes the 200 nor loses the message;
 * an unreachable database answers 503 with nothing written, and re-posting stores each message once.
 */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
});

import { and, eq, inArray } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { db } from "@/db";
import { createDb } from "@/db/client";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { drainJobs, registerJobHandler } from "@/db/queue";
import { drafts, jobs, messages } from "@/db/schema";
import { settleDetachedTasks } from "@/server/run-after-response";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { loadFixture, TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";

afterAll(settleDetachedTasks);

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
      expect((await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET })).status).toBe(200);
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
    expect((await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET })).status).toBe(200);
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
    expect((await POST(webhookRequest(body))).status).toBe(200);
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

describe("database unreachable", () => {
  it("answers 503 with nothing written; after it returns, re-posting stores each message once", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const deliveries = ["meta/batch_three_messages", "meta/image", "meta/reaction"].map((name) =>
      JSON.stringify(loadFixture(name, { phoneNumberId, tag })),
    );

    const dead = createDb({ databaseUrl: "postgres://postgres@127.0.0.1:1/unreachable", poolMax: 1 });
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

    // The database is back (WhatsApp retries, maybe more than once).
    for (const body of [...deliveries, ...deliveries]) {
      expect((await POST(webhookRequest(body))).status).toBe(200);
    }
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, inbound: 5, messages: 5 });
  });
});
