/**
 * Senders who share no phone number (WhatsApp business-scoped user id, BSUID) through the real webhook
 * route: a later message carrying both the phone number and the user id completes the conversation's
 * identity (one conversation, both identities mapped), and the signal then matches on both (distinct customers).
 */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
  process.env.WHATSAPP_VERIFY_TOKEN = "test-verify-token";
});

import { asc, eq } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { db } from "@/db";
import { getCustomerSignal } from "@/db/queries/customer-signal";
import { channelIdentityMapping, conversations } from "@/db/schema";
import { settleDetachedTasks } from "@/server/run-after-response";
import { loadFixture, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestCustomer, createTestInstructor, uniqueSuffix } from "../helpers/factories";
import { deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";

afterAll(settleDetachedTasks);

const BSUID = "US.13491208655302741918";

async function post(body: unknown) {
  const response = await POST(webhookRequest(JSON.stringify(body)));
  expect(response.status).toBe(200);
  // Filed at once, as the worker's filing lane would (no worker runs in the db suite).
  expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
}

/** A text from a sender, carrying the phone (`from`/`wa_id`), the user id, or both. */
function delivery(phoneNumberId: string, { phone, userId, text }: { phone?: string; userId?: string; text: string }) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000000", phone_number_id: phoneNumberId },
              contacts: [
                {
                  profile: { name: "Username User" },
                  ...(phone ? { wa_id: phone } : {}),
                  ...(userId ? { user_id: userId } : {}),
                },
              ],
              messages: [
                {
                  ...(phone ? { from: phone } : {}),
                  ...(userId ? { from_user_id: userId } : {}),
                  id: `wamid.${uniqueSuffix()}${uniqueSuffix()}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

async function tenantState(instructorId: string) {
  return {
    conversations: await db.select().from(conversations).where(eq(conversations.instructorId, instructorId)),
    mappings: (
      await db
        .select()
        .from(channelIdentityMapping)
        .where(eq(channelIdentityMapping.instructorId, instructorId))
        .orderBy(asc(channelIdentityMapping.externalIdentity))
    ).map((m) => m.externalIdentity),
  };
}

describe("identity completion for senders who first shared no phone number", () => {
  it("user id first, then phone + user id: one conversation, both identities mapped, the user-id customer stays the match", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const byUserId = await createTestCustomer({
      instructorId: instructor.id,
      displayName: "By user id",
      identifiers: [{ channel: "whatsapp_user_id", raw: BSUID, normalizedIdentifier: BSUID }],
    });
    await post(loadFixture("meta/bsuid_phone_withheld", { phoneNumberId, tag: uniqueSuffix() }));
    const first = await tenantState(instructor.id);
    expect(first.conversations).toHaveLength(1);
    const conversationId = first.conversations[0]!.id;
    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId })).toMatchObject({
      state: "probable_match",
      customerId: byUserId.id,
    });

    await post(delivery(phoneNumberId, { phone: "393337654321", userId: BSUID, text: "Now with my number" }));
    const after = await tenantState(instructor.id);
    expect(after.conversations).toHaveLength(1);
    expect(after.conversations[0]).toMatchObject({
      id: conversationId,
      externalIdentity: BSUID,
      waId: "393337654321",
      whatsappUserId: BSUID,
      customerId: null,
    });
    expect(after.mappings).toEqual(["393337654321", BSUID].sort());
    // The customer saved with only the user id is still the match once the number is known too.
    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId })).toMatchObject({
      state: "probable_match",
      customerId: byUserId.id,
    });

    // A second customer on the phone number: the two identifiers point at two people → nobody is suggested.
    await createTestCustomer({
      instructorId: instructor.id,
      displayName: "By phone",
      identifiers: [{ channel: "whatsapp", raw: "+39 333 765 4321", normalizedIdentifier: "+393337654321" }],
    });
    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId })).toMatchObject({
      state: "ambiguous",
      candidateCount: 2,
    });

    // A later phone-only message lands in the same conversation too.
    await post(delivery(phoneNumberId, { phone: "393337654321", text: "Phone only" }));
    expect((await tenantState(instructor.id)).conversations).toHaveLength(1);
  });

  it("phone first, then phone + user id, then user id only: still one conversation", async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const userId = `IT.${uniqueSuffix()}${uniqueSuffix()}`.replace(/-/g, "");
    await post(delivery(phoneNumberId, { phone: "393331112222", text: "hi" }));
    await post(delivery(phoneNumberId, { phone: "393331112222", userId, text: "hi again" }));
    await post(delivery(phoneNumberId, { userId, text: "number hidden now" }));
    const state = await tenantState(instructor.id);
    expect(state.conversations).toHaveLength(1);
    expect(state.conversations[0]).toMatchObject({
      externalIdentity: "393331112222",
      waId: "393331112222",
      whatsappUserId: userId,
    });
    expect(state.mappings).toEqual(["393331112222", userId].sort());
  });
});
