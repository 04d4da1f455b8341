/**
 * TA-3 idempotency and race safety under concurrent deliveries (real parallelism on Postgres). The webhook
 * queues each post as a `file_delivery` job; the jobs are filed concurrently here (no worker runs in the db
 * suite), so ingestion's exactly-once insert is still what decides the race.
 */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
});

import { eq } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { db } from "@/db";
import { conversations } from "@/db/schema";
import { settleDetachedTasks } from "@/server/run-after-response";
import { buildSimulatedDelivery, newWamid } from "@/scripts/whatsapp/build-simulated-delivery";
import { webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor } from "../helpers/factories";
import { deliveryKeyOf, fileConcurrently } from "../helpers/file-deliveries";

afterAll(settleDetachedTasks);

/** Files the jobs these answers queued all at once (one job per post, none coalesced); returns the ms it took. */
async function fileAnswersConcurrently(responses: Response[]): Promise<number> {
  const keys = await Promise.all(responses.map(deliveryKeyOf));
  expect(new Set(keys).size).toBe(responses.length);
  return fileConcurrently(keys);
}

describe("concurrent deliveries", () => {
  it("the same delivery posted 20 times concurrently → one inbound row, one message row, counters once", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "393331230001",
        text: "Lesson on Sunday?",
      }),
    );
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 20 }, () => POST(webhookRequest(body))));
    const elapsed = performance.now() - started;
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const filing = await fileAnswersConcurrently(responses);

    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, mappings: 1, inbound: 1, messages: 1 });
    const [conversation] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(conversation!.unreadCount).toBe(1);
    expect(conversation!.lastMessagePreview).toBe("Lesson on Sunday?");
    console.info(
      `20 identical concurrent deliveries: ${elapsed.toFixed(0)} ms, filed concurrently in ${filing.toFixed(0)} ms`,
    );
  });

  it("10 different messages from one brand-new sender posted concurrently → one conversation, 10 messages", async () => {
    const instructor = await createTestInstructor();
    const bodies = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify(
        buildSimulatedDelivery({
          phoneNumberId: instructor.whatsappPhoneNumberId!,
          from: "393331230002",
          id: newWamid(),
          text: `message ${i}`,
        }),
      ),
    );
    const started = performance.now();
    const responses = await Promise.all(bodies.map((body) => POST(webhookRequest(body))));
    const elapsed = performance.now() - started;
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const filing = await fileAnswersConcurrently(responses);

    expect(await tenantCounts(instructor.id)).toMatchObject({
      conversations: 1,
      mappings: 1,
      inbound: 10,
      messages: 10,
    });
    const [conversation] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(conversation!.unreadCount).toBe(10);
    console.info(
      `10 concurrent first messages from a new sender: ${elapsed.toFixed(0)} ms, filed concurrently in ${filing.toFixed(0)} ms`,
    );
  });

  it("a delivery batching 200 messages from 20 senders is stored once, even when posted 3 times concurrently", async () => {
    const instructor = await createTestInstructor();
    const messages = Array.from({ length: 200 }, (_, i) => ({
      from: `3933312${String(i % 20).padStart(5, "0")}`,
      id: newWamid(),
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: "text",
      text: { body: `batch ${i}` },
    }));
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { phone_number_id: instructor.whatsappPhoneNumberId!, display_phone_number: "1" },
                messages,
              },
            },
          ],
        },
      ],
    });
    const started = performance.now();
    const responses = await Promise.all([0, 1, 2].map(() => POST(webhookRequest(body))));
    const elapsed = performance.now() - started;
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const filing = await fileAnswersConcurrently(responses);
    expect(await tenantCounts(instructor.id)).toMatchObject({
      conversations: 20,
      mappings: 20,
      inbound: 200,
      messages: 200,
    });
    const rows = await db
      .select({ unread: conversations.unreadCount })
      .from(conversations)
      .where(eq(conversations.instructorId, instructor.id));
    expect(rows.every((r) => r.unread === 10)).toBe(true);
    console.info(
      `3 concurrent posts of a 200-message delivery: ${elapsed.toFixed(0)} ms, filed concurrently in ${filing.toFixed(0)} ms`,
    );
  });
});
