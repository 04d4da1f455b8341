/**
 * Statuses that arrive early, failures that never showed: a status for a wamid not committed yet is
 * parked and applied when the send records the wamid; parked statuses expire after a day; an
 * asynchronous `failed` status marks the draft send_failed with Meta's reason and what to do next.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { db } from "@/db";
import { applyMessageStatus, expireParkedStatuses, PARKED_STATUS_TTL_MS } from "@/db/queries/apply-message-status";
import { drafts, messages, parkedStatuses } from "@/db/schema";
import { approveAndSendDraft } from "@/db/sending/approve-and-send-draft";
import type { SendConfig } from "@/db/sending/send-config";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestInstructor } from "../helpers/factories";
import { deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";
import { fakeWamid, startFakeGraphServer, type FakeGraphServer } from "../helpers/fake-graph-server";
import { createConversationWithInbound, createDraft } from "../helpers/sending-fixtures";

let fake: FakeGraphServer;
let config: SendConfig;
beforeAll(async () => {
  fake = await startFakeGraphServer();
  config = { graphUrl: fake.graphUrl, accessToken: "test-token", timeoutMs: 5_000 };
});
afterAll(async () => {
  await fake.close();
});

async function setup() {
  const instructor = await createTestInstructor({ markReadOnOpen: false });
  const { conversation, inboundMessage, waId } = await createConversationWithInbound({ instructorId: instructor.id });
  const draft = await createDraft({
    instructorId: instructor.id,
    conversationId: conversation.id,
    messageId: inboundMessage.id,
  });
  return { instructor, draft, waId, pnid: instructor.whatsappPhoneNumberId! };
}

function graphAnswersLater(wamid: string, to: string, delayMs: number) {
  fake.enqueue({
    kind: "json",
    status: 200,
    delayMs,
    body: { messaging_product: "whatsapp", contacts: [{ input: `+${to}`, wa_id: to }], messages: [{ id: wamid }] },
  });
}

async function postStatus(pnid: string, wamid: string, status: "delivered" | "read" | "failed", waId: string) {
  const body = JSON.stringify(
    buildSimulatedDelivery({ type: "status", phoneNumberId: pnid, targetId: wamid, status, from: waId }),
  );
  const response = await handleWhatsappWebhookPost(webhookRequest(body), { appSecret: TEST_APP_SECRET });
  expect(response.status).toBe(200);
  // Filed at once, as the worker's filing lane would (no worker runs in the db suite).
  expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
}

const outbound = async (draftId: string) =>
  (
    await db
      .select()
      .from(messages)
      .where(and(eq(messages.draftId, draftId), eq(messages.direction, "outbound")))
  )[0]!;
const draftRow = async (id: string) => (await db.select().from(drafts).where(eq(drafts.id, id)))[0]!;

describe("statuses that arrive before the send commits its wamid", () => {
  it("a delivered then failed status posted while the Graph call is in flight are parked, then applied when the wamid is committed", async () => {
    const s = await setup();
    const wamid = fakeWamid();
    graphAnswersLater(wamid, s.waId, 400);
    const sending = approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.instructor.userId,
      draftId: s.draft.id,
      config,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await postStatus(s.pnid, wamid, "delivered", s.waId);
    await postStatus(s.pnid, wamid, "failed", s.waId);
    expect(await db.select().from(parkedStatuses).where(eq(parkedStatuses.externalMessageId, wamid))).toHaveLength(2);

    const result = await sending;
    expect(result.kind).toBe("sent");
    const row = await outbound(s.draft.id);
    expect(row.status).toBe("failed");
    expect((row.statusError as { message: string }).message).toMatch(/24-hour window/);
    const draft = await draftRow(s.draft.id);
    expect(draft.state).toBe("send_failed");
    expect(draft.error).toMatch(/131047/);
    expect(draft.error).toMatch(/What to do:/);
    expect(await db.select().from(parkedStatuses).where(eq(parkedStatuses.externalMessageId, wamid))).toHaveLength(0);
  });

  it("a parked status older than a day is not applied, and the expiry sweep drops it", async () => {
    const s = await setup();
    const wamid = fakeWamid();
    expect(
      await applyMessageStatus({
        instructorId: s.instructor.id,
        externalMessageId: wamid,
        status: "read",
        occurredAt: new Date(),
      }),
    ).toBe("parked");
    await db
      .update(parkedStatuses)
      .set({ createdAt: new Date(Date.now() - PARKED_STATUS_TTL_MS - 60_000) })
      .where(eq(parkedStatuses.externalMessageId, wamid));
    graphAnswersLater(wamid, s.waId, 0);
    expect(
      (
        await approveAndSendDraft({
          instructorId: s.instructor.id,
          userId: s.instructor.userId,
          draftId: s.draft.id,
          config,
        })
      ).kind,
    ).toBe("sent");
    expect((await outbound(s.draft.id)).status).toBe("sent");

    const other = fakeWamid();
    await applyMessageStatus({
      instructorId: s.instructor.id,
      externalMessageId: other,
      status: "delivered",
      occurredAt: new Date(),
    });
    const removed = await expireParkedStatuses({ now: new Date(Date.now() + PARKED_STATUS_TTL_MS + 60_000) });
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(parkedStatuses).where(eq(parkedStatuses.externalMessageId, other))).toHaveLength(0);
  });
});

describe("an asynchronous failed status", () => {
  it("after a successful send, a failed status (131047) turns the draft from Sent into send_failed with the reason and the next step", async () => {
    const s = await setup();
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.instructor.userId,
      draftId: s.draft.id,
      config,
    });
    expect(result.kind).toBe("sent");
    expect((await draftRow(s.draft.id)).state).toBe("sent");
    const wamid = (await outbound(s.draft.id)).externalMessageId!;

    await postStatus(s.pnid, wamid, "failed", s.waId);
    const draft = await draftRow(s.draft.id);
    expect(draft.state).toBe("send_failed");
    expect(draft.error).toContain("Not delivered: the customer's 24-hour window has closed (WhatsApp error 131047).");
    expect(draft.error).toContain("What to do: send an approved template from the composer");
    const row = await outbound(s.draft.id);
    expect(row.status).toBe("failed");
    expect((row.statusError as { message: string }).message).toBe(draft.error);
  });
});
