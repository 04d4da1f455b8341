import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { db as defaultDb, rowsOf, type DbOrTx } from "@/db";
import { inboundMediaCtes, inboundMediaOf } from "@/db/media/inbound-media";
import { debouncedDueAt, jobInsertSql, jobNotifySql, wakeJobWorkers, type EnqueueJobArgs } from "@/db/queue";
import { channelIdentityMapping, conversations, inboundMessages, instructors, messages } from "@/db/schema";
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
  const job = args.job ? { kind: args.job.kind, sql: jobInsertSql(args.job, sql`bridged`) } : null;
  const bridge = bridgeCtes({
    ...args,
    instructorId: sql`${instructorId}`,
    conversationId: sql`${conversationId}`,
    job,
  });
  const result = await dbOrTx.execute(sql`with ${bridge.ctes}
    select (select id from inbound) as inbound_message_id, (select id from bridged) as message_id${bridge.notify}`);
  // In-process wake (PGlite, or a worker in this process); other processes are woken by NOTIFY at commit.
  // (A media message's fetch job is due at once: then wake at once.)
  if (inboundMediaOf(message)) wakeJobWorkers();
  else if (args.job) wakeJobWorkers(debouncedDueAt(args.job.debounce));
  const [row] = rowsOf<{ inbound_message_id: string | null; message_id: string | null }>(result);
  if (!row?.inbound_message_id || !row.message_id) return { inserted: false, duplicateOf: message.externalMessageId };
  return { inserted: true, inboundMessageId: row.inbound_message_id, messageId: row.message_id };
}

export type PersistBySenderResult =
  /** No instructor owns this business number. Nothing written. */
  | { outcome: "unroutable" }
  /** Some identity of the sender is not mapped yet (a new sender): nothing written; create it in a transaction. */
  | { outcome: "unmapped"; instructorId: string }
  | { outcome: "duplicate"; instructorId: string; conversationId: string }
  | { outcome: "inserted"; instructorId: string; conversationId: string; inboundMessageId: string; messageId: string };

/**
 * The webhook's common case in ONE statement (one round trip, atomic on its own): the instructor who owns
 * `phoneNumberId`, the sender's conversation through `channel_identity_mapping` (only when every identity
 * is mapped; the primary identity's conversation wins, as findMapped), then the same writes as
 * persistInboundMessageWithInboxBridge with `jobFor`'s job. Everything is read inside the statement, so
 * nothing is cached and a remapped number can never file a message under the previous owner.
 */
export async function persistInboundMessageBySender(
  args: Omit<PersistInboundMessageArgs, "instructorId" | "conversationId" | "job" | "phoneNumberId"> & {
    phoneNumberId: string;
    /** The sender's identities, primary first (as findMapped takes them). */
    identities: string[];
    /** The job to queue with the message, keyed by the conversation; its payload names instructor and conversation. */
    jobKind?: string;
    /** That job's debounce (EnqueueJobArgs). */
    jobDebounce?: EnqueueJobArgs["debounce"];
  },
  dbOrTx: DbOrTx = defaultDb,
): Promise<PersistBySenderResult> {
  const { message, identities } = args;
  const identityList = sql.join(
    identities.map((identity) => sql`${identity}::text`),
    sql`, `,
  );
  const job = args.jobKind
    ? {
        kind: args.jobKind,
        sql: jobInsertSql({ kind: args.jobKind, key: "", debounce: args.jobDebounce }, sql`bridged`, {
          key: sql`(select conversation_id::text from target)`,
          payload: sql`(select jsonb_build_object('instructorId', instructor_id, 'conversationId', conversation_id) from target)`,
        }),
      }
    : null;
  const bridge = bridgeCtes({
    ...args,
    instructorId: sql`(select instructor_id from target)`,
    conversationId: sql`(select conversation_id from target)`,
    job,
    from: sql`target`,
  });
  const result = await dbOrTx.execute(sql`with owner as (
      select ${instructors.id} as id from ${instructors} where ${instructors.whatsappPhoneNumberId} = ${args.phoneNumberId} limit 1
    ), mapped as (
      select m.conversation_id, m.external_identity from ${channelIdentityMapping} m join owner on m.instructor_id = owner.id
      where m.channel = ${message.channel} and m.external_identity in (${identityList})
    ), target as (
      select owner.id as instructor_id,
        (select conversation_id from mapped order by array_position(array[${identityList}], external_identity) limit 1) as conversation_id
      from owner
      where (select count(distinct external_identity) from mapped) = ${identities.length}::integer
    ), ${bridge.ctes}
    select (select id from owner) as instructor_id, (select conversation_id from target) as conversation_id,
      (select id from inbound) as inbound_message_id, (select id from bridged) as message_id${bridge.notify}`);
  const [row] = rowsOf<{
    instructor_id: string | null;
    conversation_id: string | null;
    inbound_message_id: string | null;
    message_id: string | null;
  }>(result);
  if (!row?.instructor_id) return { outcome: "unroutable" };
  if (!row.conversation_id) return { outcome: "unmapped", instructorId: row.instructor_id };
  if (!row.inbound_message_id || !row.message_id)
    return { outcome: "duplicate", instructorId: row.instructor_id, conversationId: row.conversation_id };
  if (inboundMediaOf(message)) wakeJobWorkers();
  else if (job) wakeJobWorkers(debouncedDueAt(args.jobDebounce));
  return {
    outcome: "inserted",
    instructorId: row.instructor_id,
    conversationId: row.conversation_id,
    inboundMessageId: row.inbound_message_id,
    messageId: row.message_id,
  };
}

/**
 * The writing CTEs shared by both statements (`inbound`, `bridged`, `counted`, then reaction, job and media),
 * with the instructor and conversation as SQL (parameters, or expressions over an earlier CTE). `from`: a
 * CTE the inbound row is selected from (no row there → nothing written).
 */
function bridgeCtes(args: {
  instructorId: SQL;
  conversationId: SQL;
  message: NormalizedInboundMessage;
  phoneNumberId: string | null;
  payload: unknown;
  contact: unknown;
  job: { kind: string; sql: SQL } | null;
  from?: SQL;
}): { ctes: SQL; notify: SQL } {
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
  const job = args.job ? sql`, queued as (${args.job.sql})` : sql``;
  // A media message also gets its media_files row and `media_fetch` job in this same statement.
  const media = inboundMediaCtes({ instructorId, conversationId, message });
  const values = sql`${instructorId}, ${conversationId}, ${message.channel}, ${message.externalMessageId}, ${message.senderIdentity},
        ${args.phoneNumberId}, ${message.type}, ${json(args.payload)}, ${json(args.contact)}, ${receivedAt}`;
  const ctes = sql`inbound as (
      insert into ${inboundMessages} (instructor_id, conversation_id, channel, external_message_id, sender_identity,
        phone_number_id, message_type, payload, contact, received_at)
      ${args.from ? sql`select ${values} from ${args.from}` : sql`values (${values})`}
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
    )${reaction}${job}${media?.ctes ?? sql``}`;
  // NOTIFY columns for the final select (delivered at commit) for the jobs the statement queued.
  const notify = sql`${args.job ? sql`, ${jobNotifySql(sql`queued`, args.job.kind)} as notified` : sql``}${media?.notify ?? sql``}`;
  return { ctes, notify };
}
