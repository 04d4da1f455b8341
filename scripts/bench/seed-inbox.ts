/**
 * Inbox-at-scale seed for the benchmark: conversations, messages (with their inbound_messages rows, so
 * the inbox bridge holds), drafts and customers, written set-wise with generate_series
 * (INSERT … SELECT), never row by row.
 */
import type postgres from "postgres";

export interface TenantSeed {
  instructorId: string;
  /** Short tag that keeps this tenant's identities and message ids apart. */
  tag: string;
  conversations: number;
  messages: number;
  /** Messages in conversation n = 1 (the long thread); the rest are spread over the others. */
  bigThread: number;
}

/** The rows of one message range: g = 1..count into conversations first..first+spread-1, newest first. */
function messageSource({
  tag,
  range,
  count,
  first,
  spread,
}: {
  tag: string;
  range: string;
  count: number;
  first: number;
  spread: number;
}): string {
  return `select g,
      c.id as conversation_id, c.ext, c.n,
      (g / ${spread}) as age,
      c.last_message_at - ((g / ${spread}) * interval '37 minutes') as at,
      (g % 3 = 2) as outbound,
      'wamid.seed.${tag}.${range}.' || g as xid,
      (array['Ciao, avete posto sabato?', 'Yes, 10:00 works for us', 'How much is a 2 h private lesson?', 'Grazie, a domani!', 'Can we start at 9 instead?'])[1 + (g % 5)] || ' #' || g as body
    from generate_series(${first === 1 && spread === 1 ? 0 : 1}, ${first === 1 && spread === 1 ? count - 1 : count}) g
    join seed_conv c on c.n = ${first} + (g % ${spread})`;
}

async function seedMessages(tx: postgres.TransactionSql, instructorId: string, src: string, drafts: boolean) {
  await tx.unsafe(
    `insert into inbound_messages (id, instructor_id, conversation_id, channel, external_message_id, sender_identity, message_type, payload, received_at, created_at)
     select md5('in' || xid)::uuid, $1, conversation_id, 'whatsapp', xid, ext, 'text',
            jsonb_build_object('from', ext, 'id', xid, 'timestamp', extract(epoch from at)::bigint::text, 'type', 'text', 'text', jsonb_build_object('body', body)),
            at, at
     from (${src}) s where not outbound`,
    [instructorId],
  );
  await tx.unsafe(
    `insert into messages (id, instructor_id, conversation_id, inbound_message_id, direction, channel, external_message_id, type, body, summary, status, sent_at, created_at)
     select md5('m' || xid)::uuid, $1, conversation_id,
            case when outbound then null else md5('in' || xid)::uuid end,
            case when outbound then 'outbound' else 'inbound' end,
            'whatsapp', xid, 'text', body, body, case when outbound then 'read' end, at, at
     from (${src}) s`,
    [instructorId],
  );
  if (drafts) {
    // A proposed draft on the newest (inbound) message of one conversation in five.
    await tx.unsafe(
      `insert into drafts (instructor_id, conversation_id, message_id, state, decision, reason, intent, language, confidence, generator, proposed_text, attempts, created_at, updated_at)
       select $1, conversation_id, md5('m' || xid)::uuid, 'proposed', 'draft', 'seeded', 'booking_request', 'it', 0.9, 'deterministic@1', 'Ciao! Sabato alle 10 va benissimo.', 1, at, at
       from (${src}) s where age = 0 and not outbound and n % 5 = 0`,
      [instructorId],
    );
  }
}

/** Seeds one tenant in one transaction; returns the big thread's conversation id (n = 1). */
export async function seedTenant(sql: postgres.Sql, seed: TenantSeed): Promise<{ bigThreadConversationId: string }> {
  const { instructorId, tag } = seed;
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local synchronous_commit = off`);
    await tx.unsafe(
      `create temp table seed_conv (n int primary key, id uuid not null, ext text not null, last_message_at timestamptz not null) on commit drop`,
    );
    // Newest message times spread over a year, so the list order is not the insertion order.
    await tx.unsafe(
      `insert into seed_conv select g, gen_random_uuid(), '3933' || lpad(g::text, 8, '0'),
         case when g = 1 then now() - interval '3 days' else now() - random() * interval '365 days' end
       from generate_series(1, ${seed.conversations}) g`,
    );
    await tx.unsafe(
      `insert into conversations (id, instructor_id, channel, external_identity, display_name, wa_id, last_message_at, last_message_preview, last_inbound_at, unread_count, created_at, updated_at)
       select id, $1, 'whatsapp', ext, 'Customer ${tag} ' || n, ext, last_message_at, 'Seeded preview ' || n, last_message_at, n % 4, last_message_at - interval '30 days', last_message_at
       from seed_conv`,
      [instructorId],
    );
    await tx.unsafe(
      `insert into channel_identity_mapping (instructor_id, channel, external_identity, conversation_id) select $1, 'whatsapp', ext, id from seed_conv`,
      [instructorId],
    );
    // CM-1 customers for one conversation in ten (half of them explicitly linked), so the CM-2.4 signal does real work.
    await tx.unsafe(
      `insert into customers (id, instructor_id, display_name, created_at, updated_at)
       select md5('cust${tag}' || n)::uuid, $1, 'Known customer ' || n, now(), now() from seed_conv where n % 10 = 0`,
      [instructorId],
    );
    await tx.unsafe(
      `insert into customer_identifiers (instructor_id, customer_id, channel, raw, normalized_identifier)
       select $1, md5('cust${tag}' || n)::uuid, 'whatsapp', '+' || ext, '+' || ext from seed_conv where n % 10 = 0`,
      [instructorId],
    );
    await tx.unsafe(
      `update conversations c set customer_id = md5('cust${tag}' || s.n)::uuid from seed_conv s where c.id = s.id and s.n % 20 = 0`,
    );

    const rest = seed.bigThread > 0 ? seed.conversations - 1 : seed.conversations;
    const restMessages = seed.messages - seed.bigThread;
    if (seed.bigThread > 0) {
      await seedMessages(
        tx,
        instructorId,
        messageSource({ tag, range: "big", count: seed.bigThread, first: 1, spread: 1 }),
        true,
      );
    }
    await seedMessages(
      tx,
      instructorId,
      messageSource({ tag, range: "rest", count: restMessages, first: seed.conversations - rest + 1, spread: rest }),
      true,
    );
    const [big] = await tx.unsafe<{ id: string }[]>(`select id::text from seed_conv where n = 1`);
    return { bigThreadConversationId: big!.id };
  });
}
