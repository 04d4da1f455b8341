/** Conversations and committed inbound messages for the orchestration tests, written through the real tables. */
import { db } from "@/db";
import { conversations, inboundMessages, messages } from "@/db/schema";
import { uniqueSuffix } from "../helpers/factories";

export async function createConversation(
  instructorId: string,
  overrides: Partial<typeof conversations.$inferInsert> = {},
) {
  const [conversation] = await db
    .insert(conversations)
    .values({
      instructorId,
      channel: "whatsapp",
      externalIdentity: `39333${Math.floor(Math.random() * 1e7)}`,
      displayName: "Anna Rossi",
      lastInboundAt: new Date(),
      ...overrides,
    })
    .returning();
  return conversation!;
}

/** A committed inbound message as the webhook leaves it: an inbound_messages row and its messages row. */
export async function createInboundMessage(args: {
  instructorId: string;
  conversationId: string;
  body?: string | null;
  type?: string;
  /** When we stored it. */
  createdAt?: Date;
  /** WhatsApp's timestamp (when the customer sent it); default: createdAt. */
  sentAt?: Date;
}) {
  const wamid = `wamid.test.${uniqueSuffix()}${uniqueSuffix()}`;
  const type = args.type ?? "text";
  const createdAt = args.createdAt ?? new Date();
  const [inbound] = await db
    .insert(inboundMessages)
    .values({
      instructorId: args.instructorId,
      conversationId: args.conversationId,
      channel: "whatsapp",
      externalMessageId: wamid,
      senderIdentity: "393331234567",
      messageType: type,
      payload: { id: wamid, type },
      receivedAt: args.sentAt ?? createdAt,
      createdAt,
    })
    .returning();
  const [message] = await db
    .insert(messages)
    .values({
      instructorId: args.instructorId,
      conversationId: args.conversationId,
      inboundMessageId: inbound!.id,
      direction: "inbound",
      channel: "whatsapp",
      externalMessageId: wamid,
      type,
      body: args.body ?? null,
      summary: args.body ?? `[${type}]`,
      sentAt: args.sentAt ?? createdAt,
      createdAt,
    })
    .returning();
  return message!;
}
