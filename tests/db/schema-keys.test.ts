/** The unique keys that carry the invariants of PRODUCT.md, and the one that must NOT exist (CM-2.1). */
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { channelIdentityMapping, conversations, drafts, inboundMessages, messages } from "@/db/schema";
import { createTestCustomer, createTestInstructor, uniqueSuffix } from "../helpers/factories";

async function newConversation(instructorId: string, identity = `39333${Date.now() % 1e7}${uniqueSuffix()}`) {
  const [conversation] = await db
    .insert(conversations)
    .values({ instructorId, channel: "whatsapp", externalIdentity: identity })
    .returning();
  return conversation!;
}

async function newInbound(instructorId: string, conversationId: string, externalMessageId: string) {
  const [row] = await db
    .insert(inboundMessages)
    .values({
      instructorId,
      conversationId,
      channel: "whatsapp",
      externalMessageId,
      senderIdentity: "393331234567",
      messageType: "text",
      payload: { id: externalMessageId },
      receivedAt: new Date(),
    })
    .returning();
  return row!;
}

describe("unique keys", () => {
  it("channel_identity_mapping rejects a second mapping of the same (instructor, channel, identity)", async () => {
    const instructor = await createTestInstructor();
    const a = await newConversation(instructor.id);
    const b = await newConversation(instructor.id);
    await db.insert(channelIdentityMapping).values({
      instructorId: instructor.id,
      channel: "whatsapp",
      externalIdentity: "393330000001",
      conversationId: a.id,
    });
    await expect(
      db.insert(channelIdentityMapping).values({
        instructorId: instructor.id,
        channel: "whatsapp",
        externalIdentity: "393330000001",
        conversationId: b.id,
      }),
    ).rejects.toThrow();
  });

  it("channel_identity_mapping allows the same identity under another instructor", async () => {
    const one = await createTestInstructor();
    const two = await createTestInstructor();
    const a = await newConversation(one.id);
    const b = await newConversation(two.id);
    await db
      .insert(channelIdentityMapping)
      .values({ instructorId: one.id, channel: "whatsapp", externalIdentity: "393330000002", conversationId: a.id });
    await db
      .insert(channelIdentityMapping)
      .values({ instructorId: two.id, channel: "whatsapp", externalIdentity: "393330000002", conversationId: b.id });
  });

  it("inbound_messages rejects a duplicate (channel, external_message_id)", async () => {
    const instructor = await createTestInstructor();
    const conversation = await newConversation(instructor.id);
    const wamid = `wamid.${uniqueSuffix()}`;
    await newInbound(instructor.id, conversation.id, wamid);
    await expect(newInbound(instructor.id, conversation.id, wamid)).rejects.toThrow();
  });

  it("messages allows one row per inbound message only", async () => {
    const instructor = await createTestInstructor();
    const conversation = await newConversation(instructor.id);
    const inbound = await newInbound(instructor.id, conversation.id, `wamid.${uniqueSuffix()}`);
    const row = {
      instructorId: instructor.id,
      conversationId: conversation.id,
      inboundMessageId: inbound.id,
      direction: "inbound" as const,
      channel: "whatsapp" as const,
      type: "text",
      summary: "hi",
    };
    await db.insert(messages).values(row);
    await expect(db.insert(messages).values(row)).rejects.toThrow();
  });

  it("drafts allows one draft per message only", async () => {
    const instructor = await createTestInstructor();
    const conversation = await newConversation(instructor.id);
    const [message] = await db
      .insert(messages)
      .values({
        instructorId: instructor.id,
        conversationId: conversation.id,
        direction: "inbound",
        channel: "whatsapp",
        type: "text",
        summary: "hi",
      })
      .returning();
    const draft = {
      instructorId: instructor.id,
      conversationId: conversation.id,
      messageId: message!.id,
      state: "proposed" as const,
    };
    await db.insert(drafts).values(draft);
    await expect(db.insert(drafts).values(draft)).rejects.toThrow();
  });

  it("two customers of one instructor may share an identifier (no unique key, CM-2.1)", async () => {
    const instructor = await createTestInstructor();
    const identifier = { channel: "whatsapp" as const, raw: "+39 333 123 4567", normalizedIdentifier: "+393331234567" };
    const first = await createTestCustomer({ instructorId: instructor.id, identifiers: [identifier] });
    const second = await createTestCustomer({ instructorId: instructor.id, identifiers: [identifier] });
    expect(first.id).not.toBe(second.id);
  });
});
