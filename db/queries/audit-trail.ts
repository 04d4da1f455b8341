import "server-only";
/**
 * CM-2.5 trail views, read-only, newest first: per conversation (its link events, and the events of
 * its drafts and messages) and per customer (its own events and every link to or from it).
 * Every query is scoped by instructor; another instructor's id is simply not found (null).
 */
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { auditEvents, conversations, drafts, messages, user } from "@/db/schema";
import { describeAuditEvent, describeSeenSignal } from "@/lib/audit/describe-audit-event";
import { isUuid } from "@/lib/validation/is-uuid";
import { getCustomer, type CustomerView } from "./customers";

export interface AuditTrailEntry {
  id: string;
  action: string;
  at: string;
  actorName: string | null;
  /** The event in plain words. */
  words: string;
  /** For link events: what the signal showed when the instructor acted. */
  seen: string | null;
  conversationId: string | null;
}

export const TRAIL_LIMIT = 200;

async function trail(
  where: ReturnType<typeof and>,
  perspective: "conversation" | "customer",
): Promise<AuditTrailEntry[]> {
  const rows = await db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      at: auditEvents.createdAt,
      actorName: user.name,
      data: auditEvents.data,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
    })
    .from(auditEvents)
    .leftJoin(user, eq(user.id, auditEvents.actorUserId))
    .where(where)
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(TRAIL_LIMIT);
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    at: r.at.toISOString(),
    actorName: r.actorName,
    words: describeAuditEvent({ action: r.action, actorName: r.actorName, data: r.data ?? null, perspective }),
    seen: describeSeenSignal(r.data ?? null),
    conversationId:
      r.entityType === "conversation"
        ? r.entityId
        : typeof r.data?.conversationId === "string"
          ? r.data.conversationId
          : null,
  }));
}

/** The conversation's trail; null when it is not this instructor's. */
export async function getConversationAuditTrail({
  instructorId,
  conversationId,
}: {
  instructorId: string;
  conversationId: string;
}): Promise<AuditTrailEntry[] | null> {
  if (!isUuid(conversationId)) return null;
  const [conversation] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)));
  if (!conversation) return null;
  const draftIds = db
    .select({ id: sql<string>`${drafts.id}::text` })
    .from(drafts)
    .where(and(eq(drafts.instructorId, instructorId), eq(drafts.conversationId, conversationId)));
  const messageIds = db
    .select({ id: sql<string>`${messages.id}::text` })
    .from(messages)
    .where(and(eq(messages.instructorId, instructorId), eq(messages.conversationId, conversationId)));
  return trail(
    and(
      eq(auditEvents.instructorId, instructorId),
      or(
        and(eq(auditEvents.entityType, "conversation"), eq(auditEvents.entityId, conversationId)),
        and(eq(auditEvents.entityType, "draft"), inArray(auditEvents.entityId, draftIds)),
        and(eq(auditEvents.entityType, "message"), inArray(auditEvents.entityId, messageIds)),
      ),
    ),
    "conversation",
  );
}

export interface CustomerConversation {
  id: string;
  displayName: string | null;
  externalIdentity: string;
  lastMessageAt: string;
  lastMessagePreview: string | null;
}

export interface CustomerPageData {
  customer: CustomerView;
  /** Conversations linked to this customer now, newest first. */
  conversations: CustomerConversation[];
  /** The customer's own events and every link to or from it, newest first. */
  trail: AuditTrailEntry[];
}

/** The customer page; null when the customer is not this instructor's. */
export async function getCustomerPage({
  instructorId,
  customerId,
}: {
  instructorId: string;
  customerId: string;
}): Promise<CustomerPageData | null> {
  const customer = await getCustomer({ instructorId, customerId });
  if (!customer) return null;
  const linked = await db
    .select({
      id: conversations.id,
      displayName: conversations.displayName,
      externalIdentity: conversations.externalIdentity,
      lastMessageAt: conversations.lastMessageAt,
      lastMessagePreview: conversations.lastMessagePreview,
    })
    .from(conversations)
    .where(and(eq(conversations.instructorId, instructorId), eq(conversations.customerId, customerId)))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(100);
  const events = await trail(
    and(
      eq(auditEvents.instructorId, instructorId),
      or(
        and(eq(auditEvents.entityType, "customer"), eq(auditEvents.entityId, customerId)),
        and(
          eq(auditEvents.entityType, "conversation"),
          or(
            sql`${auditEvents.data}->>'toCustomerId' = ${customerId}`,
            sql`${auditEvents.data}->>'fromCustomerId' = ${customerId}`,
          ),
        ),
      ),
    ),
    "customer",
  );
  return {
    customer,
    conversations: linked.map((c) => ({ ...c, lastMessageAt: c.lastMessageAt.toISOString() })),
    trail: events,
  };
}
