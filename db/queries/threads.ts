import "server-only";
/**
 * One conversation's thread for the inbox: messages oldest → newest on WhatsApp's clock (keyset pages on
 * (sent time, stored time, id), never OFFSET), the newest draft with its audit history, the CM-2.4 signal and
 * the 24 h customer service window. Every query is scoped by instructor.
 */
import { draftWhy, type DraftWhy } from "@/lib/drafting/draft-why";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { auditEvents, conversations, drafts, instructors, jobs, messages, user, type Conversation } from "@/db/schema";
import type {
  IdentifierChannel,
  DraftDecision,
  DraftState,
  IntentName,
  LanguageCode,
  OutboundStatus,
} from "@/lib/vocabulary";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import { mediaForMessages, type ThreadMedia } from "@/db/media/thread-media";
import { normalizeIdentifier } from "@/lib/identifiers/normalize-identifier";
import { getCustomerSignal, type CustomerSignal } from "./customer-signal";
import { decodeThreadCursor, encodeThreadCursor } from "@/lib/pagination/keyset-cursor";
import { isUuid } from "@/lib/validation/is-uuid";
import { loadOpenTurn } from "./conversation-turn";
import { turnMessageRole } from "@/lib/drafting/asks-nothing";

export interface ThreadMessage {
  id: string;
  direction: "inbound" | "outbound";
  type: string;
  body: string | null;
  summary: string;
  content: Record<string, unknown> | null;
  externalMessageId: string | null;
  reactionEmoji: string | null;
  status: OutboundStatus | null;
  statusError: Record<string, unknown> | null;
  createdAt: string;
  /** The message this one replies to, when it is in this conversation. */
  quoted: { id: string; direction: "inbound" | "outbound"; summary: string } | null;
  /** The state of the draft made for this inbound message, if any. */
  draftState: DraftState | null;
  /** The message's file (photo, voice note, video, document, sticker), when it has one. */
  media: ThreadMedia | null;
}

export type { ThreadMedia } from "@/db/media/thread-media";

export interface ThreadDraftEvent {
  action: string;
  at: string;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

export interface ThreadDraft {
  id: string;
  messageId: string;
  state: DraftState;
  decision: DraftDecision | null;
  reason: string | null;
  intent: IntentName | null;
  language: LanguageCode | null;
  confidence: number | null;
  proposedText: string | null;
  editedText: string | null;
  rejectReason: string | null;
  error: string | null;
  updatedAt: string;
  /** The customer wrote something that asks after the message this draft answers (shown after an edit). */
  customerWroteAfter: boolean;
  /** CM-2.5 audit rows of this draft and of the message sent for it, oldest first. */
  history: ThreadDraftEvent[];
  /** The facts the draft used and the words that blocked one (lib/drafting/draft-why.ts). */
  why: DraftWhy | null;
}

export interface ThreadData {
  conversation: {
    id: string;
    displayName: string | null;
    externalIdentity: string;
    waId: string | null;
    customerId: string | null;
    /** The explicit link's compare-and-set token (CM-2.3). */
    version: number;
    whatsappUserId: string | null;
    attention: string | null;
    attentionReason: string | null;
    lastInboundAt: string | null;
  };
  window: { open: boolean; closesAt: string | null; msLeft: number };
  signal: CustomerSignal | null;
  /** "Create a customer from this sender": the profile name and the sender's identifier, normalized. */
  senderPrefill: { displayName: string; identifiers: { channel: IdentifierChannel; raw: string }[] };
  draft: ThreadDraft | null;
  /** A drafting job for this conversation is waiting or running (a new proposal may appear). */
  drafting: boolean;
  messages: ThreadMessage[];
  /** Cursor for the next older page of messages; null when the first message is loaded. */
  olderCursor: string | null;
}

export const THREAD_PAGE_SIZE = 50;

/** A page of messages, oldest → newest, ending just before `cursor` (or at the newest message). */
export async function getThreadMessages({
  instructorId,
  conversationId,
  cursor,
  limit = THREAD_PAGE_SIZE,
}: {
  instructorId: string;
  conversationId: string;
  cursor?: string | null;
  limit?: number;
}): Promise<{ messages: ThreadMessage[]; olderCursor: string | null }> {
  const before = cursor ? decodeThreadCursor(cursor) : null;
  const at = sql`coalesce(${messages.sentAt}, ${messages.createdAt})`;
  const rows = await db
    .select({
      message: messages,
      atText: sql<string>`coalesce(${messages.sentAt}, ${messages.createdAt})::text`,
      createdAtText: sql<string>`${messages.createdAt}::text`,
      // The newest draft made for this message (a turn can have had several proposals).
      draftState: sql<DraftState | null>`(select d.state from drafts d where d.message_id = ${messages.id} and d.instructor_id = ${messages.instructorId} order by d.created_at desc, d.id desc limit 1)`,
    })
    .from(messages)
    .where(
      and(
        eq(messages.instructorId, instructorId),
        eq(messages.conversationId, conversationId),
        before
          ? sql`(${at}, ${messages.createdAt}, ${messages.id}) < (${before.t}::timestamptz, ${before.c}::timestamptz, ${before.id}::uuid)`
          : undefined,
      ),
    )
    // WhatsApp's order: when each message was sent, storage order only as the tie-break.
    .orderBy(desc(at), desc(messages.createdAt), desc(messages.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit).reverse();
  const quotedIds = [
    ...new Set(
      page
        .filter((r) => r.message.type !== "reaction" && r.message.replyToExternalId)
        .map((r) => r.message.replyToExternalId!),
    ),
  ];
  const quotedRows =
    quotedIds.length > 0
      ? await db
          .select({
            id: messages.id,
            externalMessageId: messages.externalMessageId,
            direction: messages.direction,
            summary: messages.summary,
          })
          .from(messages)
          .where(
            and(
              eq(messages.instructorId, instructorId),
              eq(messages.conversationId, conversationId),
              inArray(messages.externalMessageId, quotedIds),
            ),
          )
      : [];
  const quotedByExternalId = new Map(quotedRows.map((q) => [q.externalMessageId, q]));
  const mediaByMessage = await mediaForMessages({ instructorId, messageIds: page.map((r) => r.message.id) });
  const oldest = page[0];

  return {
    messages: page.map(({ message: m, draftState }) => {
      const quoted =
        m.type !== "reaction" && m.replyToExternalId ? quotedByExternalId.get(m.replyToExternalId) : undefined;
      return {
        id: m.id,
        direction: m.direction,
        type: m.type,
        body: m.body,
        summary: m.summary,
        content: m.content ?? null,
        externalMessageId: m.externalMessageId,
        reactionEmoji: m.reactionEmoji,
        status: m.status,
        statusError: m.statusError ?? null,
        createdAt: (m.sentAt ?? m.createdAt).toISOString(),
        quoted: quoted ? { id: quoted.id, direction: quoted.direction, summary: quoted.summary } : null,
        draftState: draftState ?? null,
        media: mediaByMessage.get(m.id) ?? null,
      };
    }),
    olderCursor:
      rows.length > limit && oldest
        ? encodeThreadCursor({ t: oldest.atText, c: oldest.createdAtText, id: oldest.message.id })
        : null,
  };
}

const CLOSED_DRAFT_STATES: DraftState[] = ["superseded", "rejected", "sent"];
/** Machine results: once the instructor has replied (the turn closed), they say nothing any more. */
const MACHINE_DRAFT_STATES: DraftState[] = ["pending", "failed", "not_drafted", "proposed"];

/**
 * The draft the panel shows, with its audit history: the conversation's current draft (one per
 * conversation: not superseded, still in play) — unless it is a machine result for a turn the instructor
 * already answered; with no current draft, the newest closed one (sent, rejected) so its outcome shows.
 * `customerWroteAfter`: the customer wrote something that asks after the message the draft answers.
 */
export async function getCurrentDraft({
  instructorId,
  conversationId,
}: {
  instructorId: string;
  conversationId: string;
}): Promise<ThreadDraft | null> {
  const [row] = await db
    .select({ draft: drafts })
    .from(drafts)
    .where(
      and(
        eq(drafts.instructorId, instructorId),
        eq(drafts.conversationId, conversationId),
        sql`${drafts.state} <> 'superseded'`,
      ),
    )
    .orderBy(
      desc(sql`${drafts.supersededBy} is null and ${drafts.state} not in ('superseded', 'rejected', 'sent')`),
      desc(drafts.createdAt),
      desc(drafts.id),
    )
    .limit(1);
  const candidate = row?.draft;
  if (!candidate) return null;
  const { turn } = await loadOpenTurn({ instructorId, conversationId, historyLimit: 0 });
  const basisIndex = turn.findIndex((m) => m.id === candidate.messageId);
  if (
    basisIndex < 0 &&
    MACHINE_DRAFT_STATES.includes(candidate.state) &&
    !CLOSED_DRAFT_STATES.includes(candidate.state)
  )
    return null;
  const customerWroteAfter =
    basisIndex >= 0 &&
    turn.slice(basisIndex + 1).some((m) => turnMessageRole({ type: m.type, text: m.body }) === "asks");
  const draft = candidate;

  const entityIds = [draft.id, ...(draft.outboundMessageId ? [draft.outboundMessageId] : [])];
  const history = await db
    .select({ action: auditEvents.action, at: auditEvents.createdAt, actorName: user.name, data: auditEvents.data })
    .from(auditEvents)
    .leftJoin(user, eq(user.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.instructorId, instructorId),
        or(
          and(eq(auditEvents.entityType, "draft"), eq(auditEvents.entityId, draft.id)),
          and(eq(auditEvents.entityType, "message"), inArray(auditEvents.entityId, entityIds)),
        ),
      ),
    )
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return {
    id: draft.id,
    messageId: draft.messageId,
    state: draft.state,
    decision: draft.decision,
    reason: draft.reason,
    intent: draft.intent,
    language: draft.language,
    confidence: draft.confidence,
    proposedText: draft.proposedText,
    editedText: draft.editedText,
    rejectReason: draft.rejectReason,
    error: draft.error,
    updatedAt: draft.updatedAt.toISOString(),
    customerWroteAfter,
    history: history.map((h) => ({
      action: h.action,
      at: h.at.toISOString(),
      actorName: h.actorName,
      data: h.data ?? null,
    })),
    why: draftWhy(draft.evidence),
  };
}

/** Everything the thread page shows; null when the conversation is not this instructor's. */
export async function getThread({
  instructorId,
  conversationId,
  now = new Date(),
}: {
  instructorId: string;
  conversationId: string;
  now?: Date;
}): Promise<ThreadData | null> {
  if (!isUuid(conversationId)) return null;
  const [conversation] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .limit(1);
  if (!conversation) return null;
  // Sequential on purpose: PGlite runs one query at a time, and the signal holds a read-only transaction.
  const page = await getThreadMessages({ instructorId, conversationId });
  const draft = await getCurrentDraft({ instructorId, conversationId });
  const signal = await getCustomerSignal({ instructorId, conversationId });
  const [job] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, DRAFT_TURN_JOB), eq(jobs.key, conversationId), inArray(jobs.state, ["queued", "running"])))
    .limit(1);
  const window = customerServiceWindow({ lastInboundAt: conversation.lastInboundAt, now });
  return {
    conversation: {
      id: conversation.id,
      displayName: conversation.displayName,
      externalIdentity: conversation.externalIdentity,
      waId: conversation.waId,
      customerId: conversation.customerId,
      version: conversation.version,
      whatsappUserId: conversation.whatsappUserId,
      attention: conversation.attention,
      attentionReason: conversation.attentionReason,
      lastInboundAt: conversation.lastInboundAt?.toISOString() ?? null,
    },
    window: { open: window.open, closesAt: window.closesAt?.toISOString() ?? null, msLeft: window.msLeft },
    signal,
    senderPrefill: await senderPrefill(instructorId, conversation),
    draft,
    drafting: !!job,
    messages: page.messages,
    olderCursor: page.olderCursor,
  };
}

/** Every identity the sender gave (phone and WhatsApp user id), normalized as a customer would store it. */
async function senderPrefill(instructorId: string, conversation: Conversation): Promise<ThreadData["senderPrefill"]> {
  const [instructor] = await db
    .select({ defaultRegion: instructors.defaultRegion })
    .from(instructors)
    .where(eq(instructors.id, instructorId));
  const candidates: { channel: IdentifierChannel; raw: string | null }[] =
    conversation.channel === "whatsapp"
      ? [
          {
            channel: "whatsapp",
            raw:
              conversation.waId ?? (/^\d+$/.test(conversation.externalIdentity) ? conversation.externalIdentity : null),
          },
          { channel: "whatsapp_user_id", raw: conversation.whatsappUserId },
        ]
      : [{ channel: conversation.channel, raw: conversation.externalIdentity }];
  const identifiers: { channel: IdentifierChannel; raw: string }[] = [];
  for (const { channel, raw } of candidates) {
    if (!raw) continue;
    const normalized = normalizeIdentifier({ channel, raw, defaultRegion: instructor?.defaultRegion });
    if (normalized.ok && !identifiers.some((i) => i.channel === channel && i.raw === normalized.value))
      identifiers.push({ channel, raw: normalized.value });
  }
  return { displayName: conversation.displayName ?? "", identifiers };
}
