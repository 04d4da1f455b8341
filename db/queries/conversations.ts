import "server-only";
/**
 * The inbox list and one conversation, always scoped by instructor. Keyset pagination on
 * (last_message_at desc, id desc), never OFFSET: a page is stable while new messages arrive.
 */
import { and, eq, gt, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { conversations, type Conversation } from "@/db/schema";
import type { DraftState } from "@/lib/vocabulary";
import { decodeCursor, encodeCursor } from "@/lib/pagination/keyset-cursor";
import { isUuid } from "@/lib/validation/is-uuid";
import { getCustomerSignals, type CustomerSignal } from "./customer-signal";

export const INBOX_FILTERS = ["all", "needs_review", "handed_to_human", "unlinked"] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** Draft states that wait for the instructor's decision (approve, edit, reject or look). */
export const REVIEW_DRAFT_STATES: DraftState[] = ["proposed", "edited", "send_failed", "unknown"];

export interface InboxConversation {
  id: string;
  displayName: string | null;
  externalIdentity: string;
  waId: string | null;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  unreadCount: number;
  attention: Conversation["attention"];
  attentionReason: string | null;
  /** State of the conversation's newest draft, if any. */
  latestDraftState: DraftState | null;
  latestDraftDecision: string | null;
  signal: CustomerSignal | null;
}

export interface InboxPage {
  items: InboxConversation[];
  /** Opaque keyset cursor for the next (older) page; null at the end. */
  nextCursor: string | null;
}

const latestDraft = (column: "state" | "decision") =>
  sql<
    string | null
  >`(select d.${sql.raw(column)} from drafts d where d.conversation_id = ${conversations.id} and d.instructor_id = ${conversations.instructorId} order by d.created_at desc, d.id desc limit 1)`;

function filterCondition(filter: InboxFilter): SQL | undefined {
  switch (filter) {
    case "needs_review":
      return sql`exists (select 1 from drafts d where d.conversation_id = ${conversations.id} and d.instructor_id = ${conversations.instructorId} and d.state in (${sql.join(
        REVIEW_DRAFT_STATES.map((s) => sql`${s}`),
        sql`, `,
      )}))`;
    case "handed_to_human":
      return sql`${conversations.attention} is not null`;
    case "unlinked":
      return sql`${conversations.customerId} is null`;
    case "all":
      return undefined;
  }
}

/** The inbox list: newest first, keyset-paginated, filtered, with the CM-2.4 signal of each row. */
export async function listConversations({
  instructorId,
  filter = "all",
  cursor,
  limit = 30,
}: {
  instructorId: string;
  filter?: InboxFilter;
  cursor?: string | null;
  limit?: number;
}): Promise<InboxPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db
    .select({
      id: conversations.id,
      displayName: conversations.displayName,
      externalIdentity: conversations.externalIdentity,
      waId: conversations.waId,
      lastMessageAt: conversations.lastMessageAt,
      lastMessageAtText: sql<string>`${conversations.lastMessageAt}::text`,
      lastMessagePreview: conversations.lastMessagePreview,
      unreadCount: conversations.unreadCount,
      attention: conversations.attention,
      attentionReason: conversations.attentionReason,
      latestDraftState: latestDraft("state"),
      latestDraftDecision: latestDraft("decision"),
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.instructorId, instructorId),
        filterCondition(filter),
        after
          ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${after.t}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(sql`${conversations.lastMessageAt} desc`, sql`${conversations.id} desc`)
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const signals =
    page.length > 0
      ? await getCustomerSignals({ instructorId, conversationIds: page.map((r) => r.id) })
      : new Map<string, CustomerSignal>();
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      displayName: r.displayName,
      externalIdentity: r.externalIdentity,
      waId: r.waId,
      lastMessageAt: new Date(r.lastMessageAt).toISOString(),
      lastMessagePreview: r.lastMessagePreview,
      unreadCount: r.unreadCount,
      attention: r.attention,
      attentionReason: r.attentionReason,
      latestDraftState: (r.latestDraftState as DraftState | null) ?? null,
      latestDraftDecision: r.latestDraftDecision ?? null,
      signal: signals.get(r.id) ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.lastMessageAtText, id: last.id }) : null,
  };
}

/** One conversation of this instructor, or null (another instructor's id is simply not found). */
export async function getConversation({
  instructorId,
  conversationId,
}: {
  instructorId: string;
  conversationId: string;
}): Promise<Conversation | null> {
  if (!isUuid(conversationId)) return null;
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .limit(1);
  return row ?? null;
}

/** Opening a conversation marks it read (unread_count = 0). Writes only when something was unread. */
export async function markConversationRead({
  instructorId,
  conversationId,
}: {
  instructorId: string;
  conversationId: string;
}): Promise<void> {
  if (!isUuid(conversationId)) return;
  await db
    .update(conversations)
    .set({ unreadCount: 0 })
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.instructorId, instructorId),
        gt(conversations.unreadCount, 0),
      ),
    );
}
