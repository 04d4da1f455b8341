import "server-only";
/**
 * CM-2.3 explicit link: the only code that writes `conversations.customer_id`. Each write is an
 * instructor's action on ONE conversation: instructor-scoped (another instructor's conversation or
 * customer is not found), compare-and-set on `conversations.version` (a stale page gets a conflict,
 * never a silent overwrite), and exactly one CM-2.5 audit event per change, in the same transaction.
 * No other conversation or customer is read for writing, so nothing is linked, merged or deleted
 * beside the one conversation (a customer is only ever created, by "create from this sender").
 */
import { and, eq, sql } from "drizzle-orm";
import { db as defaultDb, type Db, type Tx } from "@/db";
import { auditEvents, conversations, customerIdentifiers, customers } from "@/db/schema";
import type { CustomerSignalState } from "@/lib/customer-resolution/customer-signal";
import { recordAuditEvent } from "./audit";
import { isUuid } from "@/lib/validation/is-uuid";
import { duplicateWarnings } from "@/lib/customer-resolution/duplicate-warnings";
import type { IdentifierInput } from "@/lib/identifiers/normalize-identifier-inputs";
import { getCustomer } from "./customers";
import { normalizeCustomerIdentifiers } from "./normalize-customer-identifiers";

/** What the instructor saw in the signal panel when they acted (recorded in the audit event). */
export interface SeenSignal {
  state: CustomerSignalState;
  customerId?: string | null;
  customerName?: string | null;
}

export type CustomerLinkAction =
  | "conversation.customer_linked"
  | "conversation.customer_link_changed"
  | "conversation.customer_unlinked"
  | "conversation.customer_created_and_linked";

export const CUSTOMER_LINK_ACTIONS: readonly CustomerLinkAction[] = [
  "conversation.customer_linked",
  "conversation.customer_link_changed",
  "conversation.customer_unlinked",
  "conversation.customer_created_and_linked",
];

export interface LinkState {
  conversationId: string;
  customerId: string | null;
  version: number;
}

export type CustomerLinkResult =
  | ({ kind: "saved"; action: CustomerLinkAction; message: string; warnings?: string[] } & LinkState)
  /** Already in the asked state (or a repeated create): nothing written, no audit event (there was no change). */
  | ({ kind: "ok"; message: string } & LinkState)
  | { kind: "not_found"; message: string }
  | ({ kind: "conflict"; message: string } & LinkState)
  | { kind: "invalid"; message: string; fieldErrors: Record<string, string> };

interface WriteBase {
  instructorId: string;
  userId: string;
  conversationId: string;
  /** The `version` the page showed: the write happens only if the conversation still has it. */
  expectedVersion: number;
  seenSignal: SeenSignal;
}

const NOT_FOUND = { kind: "not_found", message: "Not found." } as const;
const CONFLICT_MESSAGE =
  "This conversation's customer was changed elsewhere (another tab or device) since this page loaded. The current link is shown now: check it and try again.";

/** Lock the conversation row (instructor-scoped) so two writers are serialized and the loser sees the new version. */
async function lockConversation(tx: Tx, instructorId: string, conversationId: string) {
  const [row] = await tx
    .select({
      id: conversations.id,
      customerId: conversations.customerId,
      version: conversations.version,
      displayName: conversations.displayName,
    })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .for("update");
  return row ?? null;
}

/** A customer of THIS instructor (CM-2.1 §2), with its name for the audit event; null otherwise. */
async function ownCustomer(tx: Tx, instructorId: string, customerId: string | null) {
  if (!customerId) return null;
  const [row] = await tx
    .select({ id: customers.id, displayName: customers.displayName })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.instructorId, instructorId)))
    .for("key share");
  return row ?? null;
}

/** The one UPDATE: this conversation only, and only while it still has the expected version. */
async function compareAndSetLink(
  tx: Tx,
  args: { instructorId: string; conversationId: string; expectedVersion: number; customerId: string | null },
) {
  const [row] = await tx
    .update(conversations)
    .set({ customerId: args.customerId, version: sql`${conversations.version} + 1` })
    .where(
      and(
        eq(conversations.id, args.conversationId),
        eq(conversations.instructorId, args.instructorId),
        eq(conversations.version, args.expectedVersion),
      ),
    )
    .returning({ version: conversations.version });
  return row ?? null;
}

function seen(signal: SeenSignal) {
  return { state: signal.state, customerId: signal.customerId ?? null, customerName: signal.customerName ?? null };
}

function validIds(...ids: (string | null | undefined)[]): boolean {
  return ids.every((id) => id == null || isUuid(id));
}

/** Link (or change the link of) one conversation to one of this instructor's customers. */
export async function linkConversationToCustomer(
  args: WriteBase & { customerId: string },
  database: Db = defaultDb,
): Promise<CustomerLinkResult> {
  const { instructorId, userId, conversationId, customerId, expectedVersion } = args;
  if (!validIds(instructorId, conversationId, customerId)) return NOT_FOUND;
  return database.transaction(async (tx): Promise<CustomerLinkResult> => {
    const conversation = await lockConversation(tx, instructorId, conversationId);
    if (!conversation) return NOT_FOUND;
    const target = await ownCustomer(tx, instructorId, customerId);
    if (!target) return NOT_FOUND;
    const current = { conversationId, customerId: conversation.customerId, version: conversation.version };
    if (conversation.version !== expectedVersion) return { kind: "conflict", message: CONFLICT_MESSAGE, ...current };
    if (conversation.customerId === target.id) return { kind: "ok", message: "Nothing to change.", ...current };

    const previous = await ownCustomer(tx, instructorId, conversation.customerId);
    const updated = await compareAndSetLink(tx, {
      instructorId,
      conversationId,
      expectedVersion,
      customerId: target.id,
    });
    if (!updated) return { kind: "conflict", message: CONFLICT_MESSAGE, ...current };
    const action: CustomerLinkAction = conversation.customerId
      ? "conversation.customer_link_changed"
      : "conversation.customer_linked";
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action,
      entityType: "conversation",
      entityId: conversationId,
      data: {
        fromCustomerId: conversation.customerId,
        fromCustomerName: previous?.displayName ?? null,
        toCustomerId: target.id,
        toCustomerName: target.displayName,
        conversationName: conversation.displayName,
        seenSignal: seen(args.seenSignal),
        version: updated.version,
      },
    });
    return {
      kind: "saved",
      action,
      message: `Linked to ${target.displayName}.`,
      conversationId,
      customerId: target.id,
      version: updated.version,
    };
  });
}

/** Remove the explicit link: the signal goes back to what the resolver says. The customer is kept. */
export async function unlinkConversation(args: WriteBase, database: Db = defaultDb): Promise<CustomerLinkResult> {
  const { instructorId, userId, conversationId, expectedVersion } = args;
  if (!validIds(instructorId, conversationId)) return NOT_FOUND;
  return database.transaction(async (tx): Promise<CustomerLinkResult> => {
    const conversation = await lockConversation(tx, instructorId, conversationId);
    if (!conversation) return NOT_FOUND;
    const current = { conversationId, customerId: conversation.customerId, version: conversation.version };
    if (conversation.version !== expectedVersion) return { kind: "conflict", message: CONFLICT_MESSAGE, ...current };
    if (!conversation.customerId) return { kind: "ok", message: "Nothing to change.", ...current };

    const previous = await ownCustomer(tx, instructorId, conversation.customerId);
    const updated = await compareAndSetLink(tx, { instructorId, conversationId, expectedVersion, customerId: null });
    if (!updated) return { kind: "conflict", message: CONFLICT_MESSAGE, ...current };
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "conversation.customer_unlinked",
      entityType: "conversation",
      entityId: conversationId,
      data: {
        fromCustomerId: conversation.customerId,
        fromCustomerName: previous?.displayName ?? null,
        toCustomerId: null,
        toCustomerName: null,
        conversationName: conversation.displayName,
        seenSignal: seen(args.seenSignal),
        version: updated.version,
      },
    });
    return {
      kind: "saved",
      action: "conversation.customer_unlinked",
      message: `Unlinked from ${previous?.displayName ?? "the customer"}.`,
      conversationId,
      customerId: null,
      version: updated.version,
    };
  });
}

/**
 * Create a customer from this sender and link this conversation to it, in one transaction and one
 * audit event. A double submit (same idempotency key) answers with the first result instead of a 409.
 */
export async function createCustomerFromConversation(
  args: WriteBase & {
    displayName: string;
    notes: string | null;
    identifiers: IdentifierInput[];
    idempotencyKey: string;
  },
  database: Db = defaultDb,
): Promise<CustomerLinkResult> {
  const { instructorId, userId, conversationId, expectedVersion, idempotencyKey } = args;
  if (!validIds(instructorId, conversationId)) return NOT_FOUND;
  const { errors, normalized } = await normalizeCustomerIdentifiers(instructorId, args.identifiers);
  if (Object.keys(errors).length > 0)
    return { kind: "invalid", message: "Fix the highlighted numbers.", fieldErrors: errors };

  const result = await database.transaction(async (tx): Promise<CustomerLinkResult> => {
    const conversation = await lockConversation(tx, instructorId, conversationId);
    if (!conversation) return NOT_FOUND;
    const current = { conversationId, customerId: conversation.customerId, version: conversation.version };
    // The row lock serializes two submits of one key: the second finds the first one's audit row.
    const [earlier] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.instructorId, instructorId),
          eq(auditEvents.action, "conversation.customer_created_and_linked"),
          eq(auditEvents.entityId, conversationId),
          sql`${auditEvents.data}->>'idempotencyKey' = ${idempotencyKey}`,
        ),
      )
      .limit(1);
    if (earlier) return { kind: "ok", message: "Nothing to change.", ...current };
    if (conversation.version !== expectedVersion) return { kind: "conflict", message: CONFLICT_MESSAGE, ...current };

    const previous = await ownCustomer(tx, instructorId, conversation.customerId);
    const [customer] = await tx
      .insert(customers)
      .values({ instructorId, displayName: args.displayName, notes: args.notes })
      .returning({ id: customers.id });
    if (normalized.length > 0) {
      await tx
        .insert(customerIdentifiers)
        .values(normalized.map((n) => ({ ...n, instructorId, customerId: customer!.id })));
    }
    const updated = await compareAndSetLink(tx, {
      instructorId,
      conversationId,
      expectedVersion,
      customerId: customer!.id,
    });
    if (!updated) throw new Error("createCustomerFromConversation: the locked conversation changed version");
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "conversation.customer_created_and_linked",
      entityType: "conversation",
      entityId: conversationId,
      data: {
        fromCustomerId: conversation.customerId,
        fromCustomerName: previous?.displayName ?? null,
        toCustomerId: customer!.id,
        toCustomerName: args.displayName,
        conversationName: conversation.displayName,
        identifiers: normalized.map((n) => ({ channel: n.channel, normalizedIdentifier: n.normalizedIdentifier })),
        seenSignal: seen(args.seenSignal),
        idempotencyKey,
        version: updated.version,
      },
    });
    return {
      kind: "saved",
      action: "conversation.customer_created_and_linked",
      message: `${args.displayName} was created and linked.`,
      conversationId,
      customerId: customer!.id,
      version: updated.version,
    };
  });
  // Another customer with the same number is allowed (never merged), and said plainly, as on the customers page.
  if (result.kind !== "saved" || !result.customerId) return result;
  const saved = await getCustomer({ instructorId, customerId: result.customerId });
  return saved ? { ...result, warnings: duplicateWarnings(saved) } : result;
}

/** Whether the conversation is this instructor's (routes answer 404 before reading the body otherwise). */
export async function isOwnConversation({
  instructorId,
  conversationId,
}: {
  instructorId: string;
  conversationId: string;
}): Promise<boolean> {
  if (!validIds(instructorId, conversationId)) return false;
  const [row] = await defaultDb
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)));
  return Boolean(row);
}

/** A 201 for the one write that creates a row the client did not name (create from this sender). */
export function createdACustomer(result: CustomerLinkResult): boolean {
  return result.kind === "saved" && result.action === "conversation.customer_created_and_linked";
}
