/**
 * Data for sending tests, through the real tables: a WhatsApp conversation with a last inbound
 * message (its time opens the 24 h window), that message's inbox row, and a draft for it.
 */
import { randomInt } from "node:crypto";
import { db } from "@/db";
import { conversations, drafts, inboundMessages, messages } from "@/db/schema";
import type { DraftState } from "@/lib/vocabulary";
import { uniqueSuffix } from "./factories";

export async function createConversationWithInbound({
  instructorId,
  lastInboundAt = new Date(Date.now() - 60 * 60 * 1000),
  text = "Ciao, is Saturday at 10 free for a lesson?",
}: {
  instructorId: string;
  lastInboundAt?: Date | null;
  text?: string;
}) {
  const waId = `39333${randomInt(1_000_000, 9_999_999)}`;
  const [conversation] = await db
    .insert(conversations)
    .values({
      instructorId,
      channel: "whatsapp",
      externalIdentity: waId,
      waId,
      displayName: `Customer ${uniqueSuffix()}`,
      lastInboundAt,
      lastMessageAt: lastInboundAt ?? new Date(0),
      lastMessagePreview: text,
    })
    .returning();
  const externalMessageId = `wamid.IN${uniqueSuffix()}${uniqueSuffix()}`;
  const receivedAt = lastInboundAt ?? new Date(Date.now() - 48 * 60 * 60 * 1000);
  const [inbound] = await db
    .insert(inboundMessages)
    .values({
      instructorId,
      conversationId: conversation!.id,
      channel: "whatsapp",
      externalMessageId,
      senderIdentity: waId,
      messageType: "text",
      payload: {
        from: waId,
        id: externalMessageId,
        timestamp: String(Math.floor(receivedAt.getTime() / 1000)),
        type: "text",
        text: { body: text },
      },
      receivedAt,
    })
    .returning();
  const [message] = await db
    .insert(messages)
    .values({
      instructorId,
      conversationId: conversation!.id,
      inboundMessageId: inbound!.id,
      direction: "inbound",
      channel: "whatsapp",
      externalMessageId,
      type: "text",
      body: text,
      summary: text,
    })
    .returning();
  return { conversation: conversation!, inboundMessage: message!, waId };
}

export async function createDraft({
  instructorId,
  conversationId,
  messageId,
  state = "proposed",
  proposedText = "Ciao! Yes, Saturday at 10:00 is free. See you at the meeting point.",
}: {
  instructorId: string;
  conversationId: string;
  messageId: string;
  state?: DraftState;
  proposedText?: string | null;
}) {
  const [draft] = await db
    .insert(drafts)
    .values({
      instructorId,
      conversationId,
      messageId,
      state,
      decision: "draft",
      intent: "booking_request",
      language: "en",
      confidence: 0.92,
      generator: "deterministic@1",
      proposedText,
    })
    .returning();
  return draft!;
}
