/**
 * Poison deliveries: a batch mixing valid and broken items stores the valid ones and answers 200, the
 * broken ones are quarantined raw (never in conversations or messages); a delivery with nothing valid is a
 * 400 that writes nothing; a bug (not the database) quarantines the raw delivery and answers 200, and a
 * replay ingests it once fixed; 503 only when the database (or the quarantine write) failed.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { db } from "@/db";
import { createDb } from "@/db/client";
import { replayUnroutableInbound } from "@/db/ingestion/replay-unroutable-inbound";
import { ingestWhatsappDelivery } from "@/db/ingestion/ingest-whatsapp-delivery";
import { listUnroutableInbound } from "@/db/queries/unroutable";
import { messages, unroutableInbound } from "@/db/schema";
import { TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";

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
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
      expect(response.status).toBe(200);
    }
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

  it("a bug (not the database) quarantines the raw delivery and answers 200; the replay ingests it once fixed", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = uniqueSuffix();
    const body = JSON.stringify(delivery(phoneNumberId, { messages: [textMessage(tag, 1), textMessage(tag, 2)] }));
    const buggy: typeof ingestWhatsappDelivery = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'body')");
    };
    const response = await handleWhatsappWebhookPost(webhookRequest(body), {
      appSecret: TEST_APP_SECRET,
      ingest: buggy,
    });
    expect(response.status).toBe(200);
    expect(await tenantCounts(instructor.id)).toMatchObject({ messages: 0 });
    const [row] = await db
      .select()
      .from(unroutableInbound)
      .where(
        and(
          eq(unroutableInbound.kind, "failed_delivery"),
          eq(unroutableInbound.reason, "TypeError: Cannot read properties of undefined (reading 'body')"),
        ),
      );
    expect(row).toBeDefined();
    expect(JSON.stringify(row!.value)).toContain(`wamid.${tag}.1`);

    // The bug is fixed (the real ingestion): replay stores both messages, once.
    const replay = await replayUnroutableInbound({ phoneNumberId }, db);
    expect(replay).toMatchObject({ replayed: 2, stillFailing: 0 });
    expect(await tenantCounts(instructor.id)).toMatchObject({ messages: 2 });
    const [after] = await db.select().from(unroutableInbound).where(eq(unroutableInbound.id, row!.id));
    expect(after!.replayedAt).not.toBeNull();
  });

  it("503 when the database failed, and when a bug meets a database that cannot even take the quarantine", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(
      delivery(instructor.whatsappPhoneNumberId!, { messages: [textMessage(uniqueSuffix(), 1)] }),
    );
    const dead = createDb({ databaseUrl: "postgres://postgres@127.0.0.1:1/unreachable", poolMax: 1 });
    try {
      const dbDown = await handleWhatsappWebhookPost(webhookRequest(body), {
        database: dead.db,
        appSecret: TEST_APP_SECRET,
      });
      expect(dbDown.status).toBe(503);
      const buggy: typeof ingestWhatsappDelivery = async () => {
        throw new RangeError("bug");
      };
      const bugAndDbDown = await handleWhatsappWebhookPost(webhookRequest(body), {
        database: dead.db,
        appSecret: TEST_APP_SECRET,
        ingest: buggy,
      });
      expect(bugAndDbDown.status).toBe(503);
      expect(await bugAndDbDown.json()).toMatchObject({ kind: "unavailable" });
    } finally {
      await dead.close().catch(() => {});
    }
  });
});
