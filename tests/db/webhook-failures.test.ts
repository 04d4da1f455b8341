/**
 * TA-3 failure modes: orchestration that throws or hangs never changes the 200 nor loses the message;
 * an unreachable database answers 503 with nothing written, and re-posting stores each message once.
 */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
});

import { eq } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { db } from "@/db";
import { createDb } from "@/db/client";
import type { DraftCandidate } from "@/db/ingestion/ingest-whatsapp-delivery";
import { messages } from "@/db/schema";
import { settleDetachedTasks } from "@/lib/run-after-response";
import { buildSimulatedDelivery } from "@/lib/whatsapp/build-simulated-delivery";
import { loadFixture, TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";

afterAll(settleDetachedTasks);

describe("draft orchestration after commit", () => {
  it("an orchestrator that throws → still 200, the message persisted, and it was called with the committed message", async () => {
    const instructor = await createTestInstructor();
    const calls: DraftCandidate[] = [];
    const orchestrate = async (candidate: DraftCandidate) => {
      calls.push(candidate);
      throw new Error("model exploded");
    };
    const body = JSON.stringify(buildSimulatedDelivery({ phoneNumberId: instructor.whatsappPhoneNumberId!, from: "393331110001", text: "Free on Friday?" }));
    const response = await handleWhatsappWebhookPost(webhookRequest(body), { orchestrate, appSecret: TEST_APP_SECRET });
    expect(response.status).toBe(200);
    await settleDetachedTasks();

    const [row] = await db.select().from(messages).where(eq(messages.instructorId, instructor.id));
    expect(row).toMatchObject({ type: "text", body: "Free on Friday?" });
    expect(calls).toEqual([{ instructorId: instructor.id, messageId: row!.id }]);
    // Recording the failure and the sweep's retry belong to orchestrateInboundDraft / the drafts sweep (issue 5).
  });

  it("the response does not wait for orchestration", async () => {
    const instructor = await createTestInstructor();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const orchestrate = async () => {
      await gate;
      finished = true;
    };
    const body = JSON.stringify(buildSimulatedDelivery({ phoneNumberId: instructor.whatsappPhoneNumberId!, from: "393331110002", text: "Hello" }));
    const response = await handleWhatsappWebhookPost(webhookRequest(body), { orchestrate, appSecret: TEST_APP_SECRET });
    expect(response.status).toBe(200);
    expect(finished).toBe(false);
    release();
    await settleDetachedTasks();
    expect(finished).toBe(true);
  });

  it("only new text messages are orchestrated: not media, not reactions, not duplicates", async () => {
    const instructor = await createTestInstructor();
    const calls: DraftCandidate[] = [];
    const orchestrate = async (candidate: DraftCandidate) => void calls.push(candidate);
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    for (const name of ["meta/image", "meta/reaction", "meta/location", "meta/text", "meta/text"]) {
      const body = JSON.stringify(loadFixture(name, { phoneNumberId, tag }));
      expect((await handleWhatsappWebhookPost(webhookRequest(body), { orchestrate, appSecret: TEST_APP_SECRET })).status).toBe(200);
    }
    await settleDetachedTasks();
    expect(calls).toHaveLength(1);
  });

  it("through the route with the real orchestrateInboundDraft: 200 and persisted whatever the orchestrator does", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(buildSimulatedDelivery({ phoneNumberId: instructor.whatsappPhoneNumberId!, from: "393331110003", text: "Price for 2 hours?" }));
    expect((await POST(webhookRequest(body))).status).toBe(200);
    await settleDetachedTasks();
    expect(await tenantCounts(instructor.id)).toMatchObject({ inbound: 1, messages: 1 });
  });
});

describe("database unreachable", () => {
  it("answers 503 with nothing written; after it returns, re-posting stores each message once", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const deliveries = ["meta/batch_three_messages", "meta/image", "meta/reaction"].map((name) => JSON.stringify(loadFixture(name, { phoneNumberId, tag })));

    const dead = createDb({ databaseUrl: "postgres://postgres@127.0.0.1:1/unreachable", poolMax: 1 });
    try {
      for (const body of deliveries) {
        const started = performance.now();
        const response = await handleWhatsappWebhookPost(webhookRequest(body), { database: dead.db, appSecret: TEST_APP_SECRET });
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBe("30");
        expect(performance.now() - started).toBeLessThan(6000);
      }
    } finally {
      await dead.close().catch(() => {});
    }
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({ conversations: 0, inbound: 0, messages: 0, unroutableForNumber: 0 });

    // The database is back (WhatsApp retries, maybe more than once).
    for (const body of [...deliveries, ...deliveries]) {
      expect((await POST(webhookRequest(body))).status).toBe(200);
    }
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, inbound: 5, messages: 5 });
  });
});
