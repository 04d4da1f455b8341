import "server-only";
import { sql } from "drizzle-orm";
import { db as defaultDb, rowsOf, type DbOrTx } from "@/db";
import { inboundMediaCtes } from "@/db/media/inbound-media";
import { jobInsertSql, jobNotifySql, wakeJobWorkers, type EnqueueJobArgs } from "@/db/queue";
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
  /** A job to queue in the same statement when the message is new (the outbox row: no message, no job). */
  job?: EnqueueJobArgs;
}

export type PersistInboundMessageResult =
  { inserted: true; inboundMessageId: string; messageId: string } | { inserted: false; duplicateOf: string };

/**
 * TA-3 step 4: `inbound_messages` + its `messages` row (the inbox bridge) + the conversation counters
 * (last message time and preview, last inbound time for the 24 h window, unread) in ONE SQL statement
 * (data-modifying CTEs: atomic on its own, one round trip, inside the caller's transaction when given one).
 * Idempotent on `(channel, external_message_id)`: a duplicate changes nothing, not even the counters
 * (TA-3 failure mode: duplicate external_message_id) — every later step hangs off the insert's RETURNING.
 *
 * With `job`, the same statement queues it (an outbox row, only when the message is new) and notifies the
 * workers, delivered at commit.
 *
 * Also, for a reaction, sets (or clears) `reaction_emoji` on the message it reacts to, and keeps the
 * sender's profile name as the conversation's display name unless the instructor edited it.
 */
export async function persistInboundMessageWithInboxBridge(
  args: PersistInboundMessageArgs,
  dbOrTx: DbOrTx = defaultDb,
): Promise<PersistInboundMessageResult> {
  const { instructorId, conversationId, message } = args;
  const receivedAt = sql`${message.receivedAt.toISOString()}::timestamptz`;
  const json = (value: unknown) =>
    value === null || value === undefined ? sql`null` : sql`${JSON.stringify(value)}::jsonb`;
  const reaction = message.reaction
    ? sql`, reacted as (
        update ${messages} set reaction_emoji = ${message.reaction.emoji}::text
        where instructor_id = ${instructorId} and channel = ${message.channel}
          and external_message_id = ${message.reaction.targetExternalId} and exists (select 1 from inbound)
        returning 1)`
    : sql``;
  const serviceWindow = message.opensServiceWindow
    ? sql`, last_inbound_at = greatest(coalesce(last_inbound_at, ${receivedAt}), ${receivedAt})`
    : sql``;
  const job = args.job ? sql`, queued as (${jobInsertSql(args.job, sql`bridged`)})` : sql``;
  const notify = args.job ? sql`, ${jobNotifySql(sql`queued`, args.job.kind)} as notified` : sql``;
  // A media message also gets its media_files row and `media_fetch` job in this same statement.
  const media = inboundMediaCtes({ instructorId, conversationId, message });
  const result = await dbOrTx.execute(sql`
    with inbound as (
      insert into ${inboundMessages} (instructor_id, conversation_id, channel, external_message_id, sender_identity,
        phone_number_id, message_type, payload, contact, received_at)
      values (${instructorId}, ${conversationId}, ${message.channel}, ${message.externalMessageId}, ${message.senderIdentity},
        ${args.phoneNumberId}, ${message.type}, ${json(args.payload)}, ${json(args.contact)}, ${receivedAt})
      on conflict (channel, external_message_id) do nothing
      returning id
    ), bridged as (
      insert into ${messages} (instructor_id, conversation_id, inbound_message_id, direction, channel, external_message_id,
        type, body, summary, content, reply_to_external_id, sent_at)
      -- sent_at: when the customer sent it (WhatsApp's timestamp); created_at is when we stored it.
      select ${instructorId}, ${conversationId}, inbound.id, 'inbound', ${message.channel}, ${message.externalMessageId},
        ${message.type}, ${message.body}, ${message.summary}, ${json(message.content)}, ${message.replyToExternalId}, ${receivedAt}
      from inbound
      returning id
    ), counted as (
      update ${conversations} set
        -- Out-of-order deliveries never move the inbox backwards.
        last_message_preview = case when ${receivedAt} >= last_message_at then ${message.summary} else last_message_preview end,
        last_message_at = greatest(last_message_at, ${receivedAt}),
        unread_count = unread_count + 1,
        -- The profile name, unless the instructor named the conversation themselves.
        display_name = case when display_name_edited then display_name else coalesce(${message.profileName}::text, display_name) end,
        wa_id = coalesce(${message.waId}::text, wa_id),
        whatsapp_user_id = coalesce(${message.whatsappUserId}::text, whatsapp_user_id),
        updated_at = now()
        ${serviceWindow}
      where id = ${conversationId} and instructor_id = ${instructorId} and exists (select 1 from inbound)
      returning 1
    )${reaction}${job}${media?.ctes ?? sql``}
    select (select id from inbound) as inbound_message_id, (select id from bridged) as message_id${notify}${media?.notify ?? sql``}`);
  // In-process wake (PGlite, or a worker in this process); other processes are woken by NOTIFY at commit.
  if (media || args.job) wakeJobWorkers();
  const [row] = rowsOf<{ inbound_message_id: string | null; message_id: string | null }>(result);
  if (!row?.inbound_message_id || !row.message_id) return { inserted: false, duplicateOf: message.externalMessageId };
  return { inserted: true, inboundMessageId: row.inbound_message_id, messageId: row.message_id };
}
