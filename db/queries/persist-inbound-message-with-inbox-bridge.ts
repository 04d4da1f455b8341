import "server-only";
import { PgTransaction } from "drizzle-orm/pg-core";
import { and, eq, sql } from "drizzle-orm";
import { db as defaultDb, type DbOrTx } from "@/db";
import { conversations, inboundMessages, messages } from "@/db/schema";
import type { NormalizedInboundMessage } from "@/lib/whatsapp/normalize-inbound-message";

export interface PersistInboundMessageArgs {
  instructorId: string;
  conversationId: string;
  message: NormalizedInboundMessage;
  /** The business number the message came to (`value.metadata.phone_number_id`). */
  phoneNumberId: string | null;
  /** The message object exactly as WhatsApp sent it. */
  payload: unknown;
  /** The matching `contacts[]` entry, when present. */
  contact: unknown;
}

export type PersistInboundMessageResult =
  | { inserted: true; inboundMessageId: string; messageId: string }
  | { inserted: false; duplicateOf: string };

/**
 * TA-3 step 4: `inbound_messages` + its `messages` row (the inbox bridge) + the conversation counters
 * (last message time and preview, last inbound time for the 24 h window, unread) in ONE transaction
 * (the caller's, when given one). Idempotent on `(channel, external_message_id)`: a duplicate changes
 * nothing, not even the counters (TA-3 failure mode: duplicate external_message_id).
 *
 * Also, for a reaction, sets (or clears) `reaction_emoji` on the message it reacts to, and keeps the
 * sender's profile name as the conversation's display name unless the instructor edited it.
 */
export async function persistInboundMessageWithInboxBridge(
  args: PersistInboundMessageArgs,
  dbOrTx: DbOrTx = defaultDb,
): Promise<PersistInboundMessageResult> {
  const { instructorId, conversationId, message } = args;
  // Inside the caller's transaction, no savepoint of our own: nothing here is meant to fail alone
  // (a duplicate is ON CONFLICT DO NOTHING), and any error rolls back the whole message anyway.
  const inTransaction = <T>(run: (tx: DbOrTx) => Promise<T>) => (dbOrTx instanceof PgTransaction ? run(dbOrTx) : dbOrTx.transaction(run));
  return inTransaction(async (tx) => {
    const [inbound] = await tx
      .insert(inboundMessages)
      .values({
        instructorId,
        conversationId,
        channel: message.channel,
        externalMessageId: message.externalMessageId,
        senderIdentity: message.senderIdentity,
        phoneNumberId: args.phoneNumberId,
        messageType: message.type,
        payload: args.payload,
        contact: args.contact ?? null,
        receivedAt: message.receivedAt,
      })
      .onConflictDoNothing({ target: [inboundMessages.channel, inboundMessages.externalMessageId] })
      .returning({ id: inboundMessages.id });
    if (!inbound) return { inserted: false, duplicateOf: message.externalMessageId };

    const [row] = await tx
      .insert(messages)
      .values({
        instructorId,
        conversationId,
        inboundMessageId: inbound.id,
        direction: "inbound",
        channel: message.channel,
        externalMessageId: message.externalMessageId,
        type: message.type,
        body: message.body,
        summary: message.summary,
        content: message.content,
        replyToExternalId: message.replyToExternalId,
        // When the customer sent it (WhatsApp's timestamp); created_at is when we stored it.
        sentAt: message.receivedAt,
      })
      .returning({ id: messages.id });

    if (message.reaction) {
      await tx
        .update(messages)
        .set({ reactionEmoji: message.reaction.emoji })
        .where(
          and(
            eq(messages.instructorId, instructorId),
            eq(messages.channel, message.channel),
            eq(messages.externalMessageId, message.reaction.targetExternalId),
          ),
        );
    }

    const receivedAt = sql`${message.receivedAt.toISOString()}::timestamptz`;
    await tx
      .update(conversations)
      .set({
        // Out-of-order deliveries never move the inbox backwards.
        lastMessagePreview: sql`case when ${receivedAt} >= ${conversations.lastMessageAt} then ${message.summary} else ${conversations.lastMessagePreview} end`,
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${receivedAt})`,
        ...(message.opensServiceWindow
          ? { lastInboundAt: sql`greatest(coalesce(${conversations.lastInboundAt}, ${receivedAt}), ${receivedAt})` }
          : {}),
        unreadCount: sql`${conversations.unreadCount} + 1`,
        // The profile name, unless the instructor named the conversation themselves.
        displayName: sql`case when ${conversations.displayNameEdited} then ${conversations.displayName} else coalesce(${message.profileName}::text, ${conversations.displayName}) end`,
        waId: sql`coalesce(${message.waId}::text, ${conversations.waId})`,
        whatsappUserId: sql`coalesce(${message.whatsappUserId}::text, ${conversations.whatsappUserId})`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)));

    return { inserted: true, inboundMessageId: inbound.id, messageId: row!.id };
  });
}
