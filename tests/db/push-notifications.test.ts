/**
 * Push notifications for a conversation that needs the instructor, against a fake Web Push service
 * on loopback: the push arrives encrypted (aes128gcm) with a valid VAPID signature and decrypts, on
 * the device, to the expected payload; devices are tenant-scoped; a 404/410 endpoint is removed.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The server's VAPID identity, as `npm start` or production provides it: set before server/env is read.
const vapidKeys = vi.hoisted(() => {
  const keys = {
    publicKey: "BDTUOhI-u9uFBtiatg1gN1pGYJF-ILUtKPKxlGC_PE3wvROJWgzS8K7uWejcGKHnI9RtEgylIEYO9jVmYx-rp7g",
    privateKey: "rumg0_MlfzLem4hDK38O3XXzlVl69DCzzobZT1p_mxQ",
    subject: "mailto:push-test@instructor-inbox.invalid",
  };
  process.env.VAPID_PUBLIC_KEY = keys.publicKey;
  process.env.VAPID_PRIVATE_KEY = keys.privateKey;
  process.env.VAPID_SUBJECT = keys.subject;
  return keys;
});

import { db } from "@/db";
import { runInboundDraftOrchestration } from "@/db/orchestration/orchestrate-inbound-draft";
import { notifyConversation } from "@/db/push/notify-instructor";
import { listPushDevices, removePushDevice, savePushPreferences, savePushSubscription } from "@/db/push/subscriptions";
import { conversations, instructors, pushSubscriptions } from "@/db/schema";
import { localMinuteOfDay } from "@/lib/push/quiet-hours";
import { createTestCustomer, createTestInstructor } from "../helpers/factories";
import { startFakePushService, type FakePushService } from "../helpers/fake-push-service";
import { createConversation, createInboundMessage } from "./orchestration-fixtures";

let push: FakePushService;
beforeAll(async () => {
  push = await startFakePushService();
});
afterAll(async () => {
  await push.close();
});

async function instructorWithDevice() {
  const instructor = await createTestInstructor();
  const device = push.newDevice();
  await savePushSubscription({
    instructorId: instructor.id,
    subscription: device.subscription,
    deviceLabel: "Chrome on Android",
  });
  return { instructor, device };
}

async function newMessage(instructorId: string, body: string, conversationId?: string) {
  const conversation = conversationId
    ? { id: conversationId }
    : await createConversation(instructorId, { displayName: "Anna Rossi", unreadCount: 1 });
  const message = await createInboundMessage({ instructorId, conversationId: conversation.id, body });
  return { conversationId: conversation.id, message };
}

const notify = (instructorId: string, conversationId: string) =>
  notifyConversation({ instructorId, conversationId }, { vapid: vapidKeys });

describe("a message that needs the instructor reaches their phone", () => {
  it("after the draft is finalized, an encrypted push with a valid VAPID signature decrypts to the conversation's notification", async () => {
    const { instructor, device } = await instructorWithDevice();
    const { conversationId, message } = await newMessage(
      instructor.id,
      "Ciao, vorrei prenotare una lezione privata di sci per sabato, siamo in due",
    );

    const result = await runInboundDraftOrchestration(
      { instructorId: instructor.id, messageId: message.id },
      { model: null },
    );
    expect(result).toMatchObject({ outcome: "completed", state: "proposed" });
    const received = await push.waitForPush(device.id, 5_000);

    expect(received.status).toBe(201);
    expect(received.vapid).toMatchObject({
      ok: true,
      publicKey: vapidKeys.publicKey,
      claims: { aud: push.baseUrl, sub: vapidKeys.subject },
    });
    expect(received.headers["content-encoding"]).toBe("aes128gcm");
    expect(received.headers.urgency).toBe("high");
    expect(received.headers.topic).toBe(conversationId.replaceAll("-", ""));
    // The body on the wire is ciphertext: the preview is not readable by the push service.
    expect(received.body.toString("latin1")).not.toContain("prenotare");
    expect(push.decryptPayload(received)).toEqual({
      title: "Anna Rossi · Draft ready to review",
      body: "Ciao, vorrei prenotare una lezione privata di sci per sabato, siamo in due",
      tag: `conversation-${conversationId}`,
      url: `/inbox/${conversationId}`,
      conversationId,
      reason: "draft_ready",
      renotify: true,
    });
    const [row] = await db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, device.subscription.endpoint));
    await vi.waitFor(async () => {
      const [after] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, row!.id));
      expect(after!.lastSentAt).not.toBeNull();
    });
  });

  it("a handoff says it needs them; the linked customer's name wins over the WhatsApp profile name", async () => {
    const { instructor, device } = await instructorWithDevice();
    const customer = await createTestCustomer({ instructorId: instructor.id, displayName: "Maria Bianchi" });
    const { conversationId, message } = await newMessage(instructor.id, "Sorry, I have to cancel tomorrow's lesson");
    await db.update(conversations).set({ customerId: customer.id }).where(eq(conversations.id, conversationId));
    await runInboundDraftOrchestration({ instructorId: instructor.id, messageId: message.id }, { model: null });
    const payload = push.decryptPayload(await push.waitForPush(device.id, 5_000));
    expect(payload).toMatchObject({
      title: "Maria Bianchi · Needs you",
      reason: "handoff",
      body: "Sorry, I have to cancel tomorrow's lesson",
    });
  });

  it("a message with no draft (a photo) still notifies, as a new message", async () => {
    const { instructor, device } = await instructorWithDevice();
    const conversation = await createConversation(instructor.id, { displayName: null, unreadCount: 1 });
    const message = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      type: "image",
    });
    await runInboundDraftOrchestration({ instructorId: instructor.id, messageId: message.id }, { model: null });
    const payload = push.decryptPayload(await push.waitForPush(device.id, 5_000));
    expect(payload).toMatchObject({
      title: `+${conversation.externalIdentity} · New message`,
      reason: "no_draft",
      body: "[image]",
    });
  });

  it("two messages in one conversation carry the same tag and topic, so the second replaces the first", async () => {
    const { instructor, device } = await instructorWithDevice();
    const { conversationId } = await newMessage(instructor.id, "First question");
    await notify(instructor.id, conversationId);
    await newMessage(instructor.id, "Second question", conversationId);
    await notify(instructor.id, conversationId);
    const [first, second] = push
      .pushesFor(device.id)
      .map((p) => ({ topic: p.headers.topic, payload: push.decryptPayload(p) as { tag: string; body: string } }));
    expect(first!.payload.tag).toBe(second!.payload.tag);
    expect(first!.topic).toBe(second!.topic);
    expect(second!.payload.body).toBe("Second question");
  });

  it("every device of the instructor receives it", async () => {
    const { instructor, device } = await instructorWithDevice();
    const tablet = push.newDevice();
    await savePushSubscription({
      instructorId: instructor.id,
      subscription: tablet.subscription,
      deviceLabel: "Safari on iPhone/iPad",
    });
    const { conversationId } = await newMessage(instructor.id, "Hello");
    const result = await notify(instructor.id, conversationId);
    expect(result).toMatchObject({ outcome: "sent", delivered: 2, removed: 0, failed: 0 });
    expect(push.pushesFor(device.id)).toHaveLength(1);
    expect(push.pushesFor(tablet.id)).toHaveLength(1);
  });
});

describe("tenancy", () => {
  it("another instructor's device never receives this instructor's messages", async () => {
    const a = await instructorWithDevice();
    const b = await instructorWithDevice();
    const { conversationId, message } = await newMessage(a.instructor.id, "How much is a private lesson?");
    await runInboundDraftOrchestration({ instructorId: a.instructor.id, messageId: message.id }, { model: null });
    await push.waitForPush(a.device.id, 5_000);
    // Asked under the wrong tenant, the conversation does not exist.
    expect(await notify(b.instructor.id, conversationId)).toEqual({
      outcome: "skipped",
      reason: "conversation not found",
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(push.pushesFor(b.device.id)).toHaveLength(0);
  });

  it("an instructor can neither list nor remove another instructor's device", async () => {
    const a = await instructorWithDevice();
    const b = await instructorWithDevice();
    const [aDevice] = await listPushDevices({ instructorId: a.instructor.id });
    expect((await listPushDevices({ instructorId: b.instructor.id })).map((d) => d.id)).not.toContain(aDevice!.id);
    expect(await removePushDevice({ instructorId: b.instructor.id, id: aDevice!.id })).toBe(false);
    expect(await listPushDevices({ instructorId: a.instructor.id })).toHaveLength(1);
    expect(await removePushDevice({ instructorId: a.instructor.id, id: aDevice!.id })).toBe(true);
    expect(await listPushDevices({ instructorId: a.instructor.id })).toHaveLength(0);
  });

  it("a browser re-enabled under another login moves to that instructor (one endpoint, one owner)", async () => {
    const a = await instructorWithDevice();
    const b = await createTestInstructor();
    await savePushSubscription({
      instructorId: b.id,
      subscription: a.device.subscription,
      deviceLabel: "Chrome on Android",
    });
    expect(await listPushDevices({ instructorId: a.instructor.id })).toHaveLength(0);
    expect(await listPushDevices({ instructorId: b.id })).toHaveLength(1);
  });
});

describe("expired endpoints and failures", () => {
  it.each([410, 404])("an endpoint answering %i is removed after that one answer", async (status) => {
    const { instructor, device } = await instructorWithDevice();
    push.answerNext(device.id, status);
    const { conversationId } = await newMessage(instructor.id, "Are you free on Sunday?");
    expect(await notify(instructor.id, conversationId)).toMatchObject({ outcome: "sent", delivered: 0, removed: 1 });
    expect(push.pushesFor(device.id)).toHaveLength(1);
    expect(await listPushDevices({ instructorId: instructor.id })).toHaveLength(0);
    expect(await notify(instructor.id, conversationId)).toEqual({ outcome: "skipped", reason: "no devices" });
  });

  it("a push service error (500) keeps the device for the next message", async () => {
    const { instructor, device } = await instructorWithDevice();
    push.answerNext(device.id, 500);
    const { conversationId } = await newMessage(instructor.id, "Hello?");
    expect(await notify(instructor.id, conversationId)).toMatchObject({
      outcome: "sent",
      delivered: 0,
      removed: 0,
      failed: 1,
    });
    expect(await listPushDevices({ instructorId: instructor.id })).toHaveLength(1);
  });

  it("an unreachable push service fails that device only, and never throws", async () => {
    const { instructor } = await instructorWithDevice();
    const dead = { endpoint: "http://127.0.0.1:9/push/dead", keys: push.newDevice().subscription.keys };
    await savePushSubscription({ instructorId: instructor.id, subscription: dead, deviceLabel: "Firefox on Linux" });
    const { conversationId } = await newMessage(instructor.id, "Hi");
    expect(await notify(instructor.id, conversationId)).toMatchObject({ outcome: "sent", delivered: 1, failed: 1 });
  });
});

describe("when not to notify", () => {
  it("stays silent during the instructor's quiet hours, in their time zone", async () => {
    const { instructor, device } = await instructorWithDevice();
    const now = new Date();
    const local = localMinuteOfDay(now, "Asia/Tokyo");
    // The instructor's own zone (Settings → Dates and times), not the server's.
    await db.update(instructors).set({ timeZone: "Asia/Tokyo" }).where(eq(instructors.id, instructor.id));
    await savePushPreferences({
      instructorId: instructor.id,
      preferences: { enabled: true, startMinute: (local + 1440 - 30) % 1440, endMinute: (local + 30) % 1440 },
    });
    const { conversationId } = await newMessage(instructor.id, "Late question");
    expect(
      await notifyConversation({ instructorId: instructor.id, conversationId }, { vapid: vapidKeys, now: () => now }),
    ).toEqual({ outcome: "skipped", reason: "quiet hours" });
    // The same window an hour later has ended.
    expect(
      await notifyConversation(
        { instructorId: instructor.id, conversationId },
        { vapid: vapidKeys, now: () => new Date(now.getTime() + 60 * 60_000) },
      ),
    ).toMatchObject({ outcome: "sent", delivered: 1 });
    expect(push.pushesFor(device.id)).toHaveLength(1);
  });

  it("stays silent once the conversation has been read, and when push is not configured", async () => {
    const { instructor, device } = await instructorWithDevice();
    const { conversationId } = await newMessage(instructor.id, "Thanks!");
    expect(await notifyConversation({ instructorId: instructor.id, conversationId }, { vapid: null })).toEqual({
      outcome: "skipped",
      reason: "push not configured",
    });
    await db.update(conversations).set({ unreadCount: 0 }).where(eq(conversations.id, conversationId));
    expect(await notify(instructor.id, conversationId)).toEqual({ outcome: "skipped", reason: "nothing unread" });
    expect(push.pushesFor(device.id)).toHaveLength(0);
  });

  it("a stale or repeated drafting run does not notify again: one push per drafted turn, none for the superseded draft", async () => {
    const { instructor, device } = await instructorWithDevice();
    const { conversationId, message } = await newMessage(instructor.id, "Can I book Saturday?");
    const { message: followUp } = await newMessage(instructor.id, "Actually Sunday", conversationId);
    // Drafting runs once for the whole turn (both messages), whichever message triggered it.
    const first = await runInboundDraftOrchestration(
      { instructorId: instructor.id, messageId: message.id },
      { model: null },
    );
    expect(first).toMatchObject({ outcome: "completed", supersededId: null });
    await push.waitForPush(device.id, 5_000);
    // A second run for the same turn finds its draft up to date: nothing written, nothing pushed.
    const again = await runInboundDraftOrchestration(
      { instructorId: instructor.id, messageId: followUp.id },
      { model: null },
    );
    expect(again).toMatchObject({ outcome: "kept", reason: "up to date" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(push.pushesFor(device.id)).toHaveLength(1);
    // A new question re-drafts the turn: the newer draft notifies once; the one it supersedes does not.
    const { message: question } = await newMessage(instructor.id, "And how much is a two-hour lesson?", conversationId);
    const redraft = await runInboundDraftOrchestration(
      { instructorId: instructor.id, messageId: question.id },
      { model: null },
    );
    expect(redraft).toMatchObject({ outcome: "completed", supersededId: (first as { draftId: string }).draftId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(push.pushesFor(device.id)).toHaveLength(2);
  });
});
