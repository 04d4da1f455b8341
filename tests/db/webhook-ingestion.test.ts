/** TA-3 ingestion through the real route handler, for every message type, statuses, routing and display names. */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
  process.env.WHATSAPP_VERIFY_TOKEN = "test-verify-token";
});

import { and, eq } from "drizzle-orm";
import { GET, POST } from "@/app/api/webhook/whatsapp/route";
import { db } from "@/db";
import { FILE_DELIVERY_JOB } from "@/db/ingestion/file-delivery-job";
import { replayUnroutableInbound } from "@/db/ingestion/replay-unroutable-inbound";
import { auditEvents, conversations, inboundMessages, messages, unroutableInbound } from "@/db/schema";
import { settleDetachedTasks } from "@/server/run-after-response";
import { buildSimulatedDelivery, newWamid } from "@/scripts/whatsapp/build-simulated-delivery";
import { listFixtures, loadFixture, taggedWamid, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";
import { deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";
import { jobRow } from "../helpers/jobs";

afterAll(settleDetachedTasks);

/**
 * Posts a delivery and, once it is answered 200, files the job it queued as the worker would (no worker
 * runs in the db suite): its one job runs, succeeds and is gone (not left to retry), before the test looks.
 */
async function post(body: unknown) {
  const response = await POST(webhookRequest(typeof body === "string" ? body : JSON.stringify(body)));
  const key = await deliveryKeyOf(response);
  if (response.status === 200) {
    expect(key).toEqual(expect.any(String));
    expect(await fileDeliveries([key])).toBe(1);
    expect(await jobRow(FILE_DELIVERY_JOB, key!)).toBeUndefined();
  }
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function messageByExternalId(externalMessageId: string) {
  const [row] = await db.select().from(messages).where(eq(messages.externalMessageId, externalMessageId));
  return row;
}

async function insertOutbound(
  instructorId: string,
  conversationId: string,
  externalMessageId: string,
  status: "sent" | "delivered" = "sent",
) {
  const [row] = await db
    .insert(messages)
    .values({
      instructorId,
      conversationId,
      direction: "outbound",
      channel: "whatsapp",
      externalMessageId,
      type: "text",
      body: "See you Saturday",
      summary: "See you Saturday",
      status,
    })
    .returning();
  return row!;
}

async function newConversationFor(instructorId: string) {
  const [c] = await db
    .insert(conversations)
    .values({ instructorId, channel: "whatsapp", externalIdentity: `3933${uniqueSuffix()}` })
    .returning();
  return c!;
}

describe("POST /api/webhook/whatsapp: every fixture is stored once and answered 200", () => {
  const inboundFixtures = [...listFixtures("meta"), ...listFixtures("shared")].filter((name) => {
    const d = loadFixture(name, { phoneNumberId: "x", tag: "x" }) as {
      entry: { changes: { value: { messages?: unknown[] } }[] }[];
    };
    return d.entry.some((e) => e.changes.some((c) => (c.value.messages?.length ?? 0) > 0));
  });

  it.each(inboundFixtures)("%s", async (name) => {
    const instructor = await createTestInstructor();
    const tag = uniqueSuffix();
    const delivery = loadFixture(name, { phoneNumberId: instructor.whatsappPhoneNumberId!, tag });
    const wamids = new Set(
      (delivery as { entry: { changes: { value: { messages?: { id: string }[] } }[] }[] }).entry.flatMap((e) =>
        e.changes.flatMap((c) => (c.value.messages ?? []).map((m) => m.id)),
      ),
    );

    const first = await post(delivery);
    expect(first).toEqual({ status: 200, json: { kind: "ok", ok: true, delivery: expect.any(String) } });
    // WhatsApp sending it again: a job of its own (never coalesced with the first), filed too, adds nothing.
    const again = await post(delivery);
    expect(again.status).toBe(200);
    expect(again.json.delivery).not.toBe(first.json.delivery);

    const counts = await tenantCounts(instructor.id);
    expect(counts.inbound).toBe(wamids.size);
    expect(counts.messages).toBe(wamids.size);
    expect(counts.conversations).toBe(1);
    for (const wamid of wamids) {
      const [inbound] = await db.select().from(inboundMessages).where(eq(inboundMessages.externalMessageId, wamid));
      const message = await messageByExternalId(wamid);
      expect(inbound!.instructorId).toBe(instructor.id);
      expect(inbound!.payload).toMatchObject({ id: wamid });
      expect(message).toMatchObject({
        direction: "inbound",
        inboundMessageId: inbound!.id,
        instructorId: instructor.id,
      });
      expect(message!.summary).toMatch(/\S/);
    }
    const [conversation] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(conversation!.unreadCount).toBe(wamids.size);
    expect(conversation!.lastMessagePreview).toMatch(/\S/);
  });

  it("keeps media id / mime / caption / file name, context and referral", async () => {
    const instructor = await createTestInstructor();
    const tag = uniqueSuffix();
    for (const name of ["meta/document", "meta/text_referral_ad", "meta/text_reply_context"]) {
      expect((await post(loadFixture(name, { phoneNumberId: instructor.whatsappPhoneNumberId!, tag }))).status).toBe(
        200,
      );
    }
    const doc = await messageByExternalId(
      taggedWamid("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0AG=", tag),
    );
    expect(doc).toMatchObject({
      type: "document",
      body: "Medical certificate",
      summary: "Document: certificate.pdf — Medical certificate",
    });
    expect(doc!.content).toMatchObject({
      mediaId: "1003383421387259",
      mimeType: "application/pdf",
      fileName: "certificate.pdf",
    });
    const ad = await messageByExternalId(
      taggedWamid("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0AC=", tag),
    );
    expect(ad!.content).toMatchObject({ referral: { source_type: "ad", headline: "Book a lesson" } });
    const reply = await messageByExternalId(
      taggedWamid("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0AB=", tag),
    );
    expect(reply!.replyToExternalId).toBe(
      taggedWamid("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", tag),
    );
  });

  it("updates last_message_at / last_inbound_at (24 h window) from WhatsApp's timestamp", async () => {
    const instructor = await createTestInstructor();
    const at = Math.floor(Date.now() / 1000) - 3600;
    await post(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "393331112222",
        text: "Ciao",
        timestamp: at,
      }),
    );
    const [c] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(c!.lastInboundAt!.getTime()).toBe(at * 1000);
    expect(c!.lastMessageAt.getTime()).toBe(at * 1000);
    // an older message delivered late does not move the inbox backwards
    await post(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "393331112222",
        text: "older",
        timestamp: at - 600,
      }),
    );
    const [after] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(after!.lastMessagePreview).toBe("Ciao");
    expect(after!.lastInboundAt!.getTime()).toBe(at * 1000);
    expect(after!.unreadCount).toBe(2);
  });
});

describe("reactions", () => {
  it("a reaction is its own message and sets, then clears, the emoji on the message it reacts to", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const conversation = await newConversationFor(instructor.id);
    const target = await insertOutbound(instructor.id, conversation.id, newWamid());

    await post(
      buildSimulatedDelivery({
        phoneNumberId,
        from: "393331234567",
        type: "reaction",
        targetId: target.externalMessageId!,
        emoji: "❤️",
      }),
    );
    expect((await messageByExternalId(target.externalMessageId!))!.reactionEmoji).toBe("❤️");

    await post(
      buildSimulatedDelivery({
        phoneNumberId,
        from: "393331234567",
        type: "reaction",
        targetId: target.externalMessageId!,
        emoji: "",
      }),
    );
    expect((await messageByExternalId(target.externalMessageId!))!.reactionEmoji).toBeNull();

    const reactionRows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.instructorId, instructor.id), eq(messages.type, "reaction")));
    expect(reactionRows.map((r) => r.summary).sort()).toEqual(["Reacted ❤️", "Removed a reaction"]);
    expect(reactionRows.every((r) => r.replyToExternalId === target.externalMessageId)).toBe(true);
  });

  it("a reaction to another instructor's message does not touch it", async () => {
    const mine = await createTestInstructor();
    const other = await createTestInstructor();
    const otherConversation = await newConversationFor(other.id);
    const target = await insertOutbound(other.id, otherConversation.id, newWamid());
    await post(
      buildSimulatedDelivery({
        phoneNumberId: mine.whatsappPhoneNumberId!,
        from: "393331234567",
        type: "reaction",
        targetId: target.externalMessageId!,
        emoji: "👍",
      }),
    );
    expect((await messageByExternalId(target.externalMessageId!))!.reactionEmoji).toBeNull();
  });
});

describe("display name and identities", () => {
  it("takes the profile name, keeps wa_id and the business-scoped user id, and never overwrites an edited name", async () => {
    const instructor = await createTestInstructor();
    const tag = uniqueSuffix();
    await post(
      loadFixture("shared/pywa_text_reply_context", { phoneNumberId: instructor.whatsappPhoneNumberId!, tag }),
    );
    const [c] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(c).toMatchObject({
      externalIdentity: "972987654321",
      displayName: "Test Name",
      waId: "972987654321",
      whatsappUserId: "US.13491208655302741918",
      customerId: null,
    });

    await post(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "972987654321",
        name: "New Profile Name",
      }),
    );
    expect((await db.select().from(conversations).where(eq(conversations.id, c!.id)))[0]!.displayName).toBe(
      "New Profile Name",
    );

    await db
      .update(conversations)
      .set({ displayName: "Anna (ski, Tuesdays)", displayNameEdited: true })
      .where(eq(conversations.id, c!.id));
    await post(
      buildSimulatedDelivery({
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        from: "972987654321",
        name: "Yet Another Name",
      }),
    );
    expect((await db.select().from(conversations).where(eq(conversations.id, c!.id)))[0]!.displayName).toBe(
      "Anna (ski, Tuesdays)",
    );
  });

  it("a sender whose phone number is later withheld stays in the same conversation (mapped by business-scoped user id)", async () => {
    const instructor = await createTestInstructor();
    const tag = uniqueSuffix();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    await post(loadFixture("shared/pywa_text_reply_context", { phoneNumberId, tag }));
    const withheld = loadFixture("meta/bsuid_phone_withheld", { phoneNumberId, tag });
    expect((await post(withheld)).status).toBe(200);
    const counts = await tenantCounts(instructor.id);
    expect(counts).toMatchObject({ conversations: 1, messages: 2, mappings: 2 });
  });

  it("a first message with only a business-scoped user id gets a conversation keyed by it", async () => {
    const instructor = await createTestInstructor();
    await post(
      loadFixture("meta/bsuid_phone_withheld", {
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        tag: uniqueSuffix(),
      }),
    );
    const [c] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(c).toMatchObject({
      externalIdentity: "US.13491208655302741918",
      waId: null,
      whatsappUserId: "US.13491208655302741918",
      displayName: "Username User",
    });
  });
});

describe("tenant routing", () => {
  it("the same customer number writing to two instructors gets two separate conversations", async () => {
    const one = await createTestInstructor();
    const two = await createTestInstructor();
    const from = `39333${Date.now() % 10_000_000}`;
    for (const instructor of [one, two]) {
      expect(
        (
          await post(
            buildSimulatedDelivery({
              phoneNumberId: instructor.whatsappPhoneNumberId!,
              from,
              text: `hi ${instructor.name}`,
            }),
          )
        ).status,
      ).toBe(200);
    }
    const [c1] = await db.select().from(conversations).where(eq(conversations.instructorId, one.id));
    const [c2] = await db.select().from(conversations).where(eq(conversations.instructorId, two.id));
    expect(c1!.id).not.toBe(c2!.id);
    expect(c1!.externalIdentity).toBe(from);
    expect(c2!.externalIdentity).toBe(from);
    expect(await tenantCounts(one.id)).toMatchObject({ conversations: 1, messages: 1 });
    expect(await tenantCounts(two.id)).toMatchObject({ conversations: 1, messages: 1 });
  });

  it("an unknown phone_number_id is kept as unroutable (once), answered 200, and replayable once mapped", async () => {
    const phoneNumberId = `unmapped-${uniqueSuffix()}`;
    const delivery = buildSimulatedDelivery({ phoneNumberId, from: "393339998888", text: "Anyone there?" });
    expect((await post(delivery)).status).toBe(200);
    expect((await post(delivery)).status).toBe(200);
    const rows = await db.select().from(unroutableInbound).where(eq(unroutableInbound.phoneNumberId, phoneNumberId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.message).toMatchObject({ text: { body: "Anyone there?" } });
    expect(
      (await db.select().from(inboundMessages).where(eq(inboundMessages.phoneNumberId, phoneNumberId))).length,
    ).toBe(0);

    const instructor = await createTestInstructor({ whatsappPhoneNumberId: phoneNumberId });
    const replay = await replayUnroutableInbound({ phoneNumberId });
    expect(replay).toMatchObject({ replayed: 1, duplicates: 0, stillUnroutable: 0 });
    expect(replay.draftCandidates).toHaveLength(1);
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, inbound: 1, messages: 1 });
    const [replayedRow] = await db
      .select()
      .from(unroutableInbound)
      .where(eq(unroutableInbound.phoneNumberId, phoneNumberId));
    expect(replayedRow!.replayedAt).not.toBeNull();
    expect(await replayUnroutableInbound({ phoneNumberId })).toMatchObject({ replayed: 0, duplicates: 0 });
  });
});

describe("statuses", () => {
  async function statusSetup() {
    const instructor = await createTestInstructor();
    const conversation = await newConversationFor(instructor.id);
    const outbound = await insertOutbound(instructor.id, conversation.id, newWamid());
    const send = (status: string) =>
      post(
        buildSimulatedDelivery({
          phoneNumberId: instructor.whatsappPhoneNumberId!,
          from: conversation.externalIdentity,
          type: "status",
          targetId: outbound.externalMessageId!,
          status,
        }),
      );
    const current = async () => (await messageByExternalId(outbound.externalMessageId!))!;
    return { instructor, outbound, send, current };
  }

  it("moves forward only: delivered → read, a late delivered does not undo read, played after read", async () => {
    const { send, current } = await statusSetup();
    expect((await send("delivered")).status).toBe(200);
    expect((await current()).status).toBe("delivered");
    await send("read");
    expect((await current()).status).toBe("read");
    await send("delivered");
    expect((await current()).status).toBe("read");
    await send("failed");
    expect((await current()).status).toBe("read");
    await send("played");
    expect((await current()).status).toBe("played");
  });

  it("failed stores the errors and records one audit event (actor: system)", async () => {
    const { instructor, outbound, send, current } = await statusSetup();
    await send("failed");
    await send("failed");
    const row = await current();
    expect(row.status).toBe("failed");
    expect(row.statusError).toMatchObject({ errors: [{ code: 131047 }] });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.instructorId, instructor.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "message.failed",
      actorUserId: null,
      entityType: "message",
      entityId: outbound.id,
    });
  });

  it("the real-shaped status fixtures apply to the message they name", async () => {
    const instructor = await createTestInstructor();
    const tag = uniqueSuffix();
    const conversation = await newConversationFor(instructor.id);
    const wamid = taggedWamid("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjNBRjA4OUQ1QjAA", tag);
    await insertOutbound(instructor.id, conversation.id, wamid);
    for (const name of ["meta/status_sent", "meta/status_delivered", "meta/status_read"]) {
      expect((await post(loadFixture(name, { phoneNumberId: instructor.whatsappPhoneNumberId!, tag }))).status).toBe(
        200,
      );
    }
    expect((await messageByExternalId(wamid))!.status).toBe("read");
  });

  it("a status for a message we do not know is answered 200 and changes nothing", async () => {
    const instructor = await createTestInstructor();
    const response = await post(
      loadFixture("shared/pywa_status_failed", {
        phoneNumberId: instructor.whatsappPhoneNumberId!,
        tag: uniqueSuffix(),
      }),
    );
    expect(response.status).toBe(200);
    expect(await tenantCounts(instructor.id)).toMatchObject({ messages: 0, audit: 0 });
  });
});

describe("other changes", () => {
  it("a change whose field is not messages is acknowledged with 200 and not stored", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    expect(
      (await post(loadFixture("meta/template_status_update", { phoneNumberId, tag: uniqueSuffix() }))).status,
    ).toBe(200);
    expect((await post(loadFixture("meta/value_errors_only", { phoneNumberId, tag: uniqueSuffix() }))).status).toBe(
      200,
    );
    expect(await tenantCounts(instructor.id, phoneNumberId)).toMatchObject({
      conversations: 0,
      messages: 0,
      inboundForNumber: 0,
      unroutableForNumber: 0,
    });
  });

  it("two changes in one entry are both processed", async () => {
    const instructor = await createTestInstructor();
    const delivery = loadFixture("shared/netflie_two_changes_in_one_entry", {
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      tag: uniqueSuffix(),
    }) as {
      entry: { changes: { value: { messages: { id: string }[] } }[] }[];
    };
    // The source sample reuses one placeholder id; give the second message its own id.
    delivery.entry[0]!.changes[1]!.value.messages[0]!.id = newWamid();
    expect((await post(delivery)).status).toBe(200);
    expect(await tenantCounts(instructor.id)).toMatchObject({ conversations: 1, messages: 2 });
  });
});

describe("GET /api/webhook/whatsapp (verification handshake)", () => {
  const get = (query: string) => GET(new Request(`http://localhost/api/webhook/whatsapp?${query}`));

  it("answers the challenge as plain text when the verify token matches", async () => {
    const response = get("hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("1158201444");
  });

  it.each([
    ["a wrong token", "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"],
    ["no token", "hub.mode=subscribe&hub.challenge=1"],
    ["a wrong mode", "hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1"],
    ["no challenge", "hub.mode=subscribe&hub.verify_token=test-verify-token"],
  ])("refuses %s with 403", (_name, query) => {
    expect(get(query).status).toBe(403);
  });
});
