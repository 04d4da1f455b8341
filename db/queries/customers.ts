import "server-only";
/**
 * CM-1 customers of one instructor: list/search, read, create and edit with identifiers.
 * Identifiers are normalized on save with the instructor's default region. Two customers MAY share
 * an identifier: saving one is allowed and answered with a warning, never merged.
 * Every write is an explicit human action, recorded in audit_events (CM-2.5).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { auditEvents, customerIdentifiers, customers } from "@/db/schema";
import type { IdentifierChannel } from "@/lib/vocabulary";
import { duplicateWarnings } from "@/lib/customer-resolution/duplicate-warnings";
import type { IdentifierInput } from "@/lib/identifiers/normalize-identifier-inputs";
import { decodeCursor, encodeCursor } from "@/lib/pagination/keyset-cursor";
import { isUuid } from "@/lib/validation/is-uuid";
import { isVersion } from "@/lib/validation/is-version";
import { recordAuditEvent } from "./audit";
import { normalizeCustomerIdentifiers } from "./normalize-customer-identifiers";
import { identifierOfItsCustomer } from "./identifier-of-its-customer";

export interface CustomerIdentifierView {
  id: string;
  channel: IdentifierChannel;
  raw: string;
  normalizedIdentifier: string;
  /** Other customers of this instructor with the same identifier (visible duplicates, never merged). */
  sharedWith: { id: string; displayName: string }[];
}

export interface CustomerView {
  id: string;
  displayName: string;
  notes: string | null;
  /** Compare-and-set token for edits (updated_at as Postgres text). */
  version: string;
  identifiers: CustomerIdentifierView[];
}

export type SaveCustomerResult =
  | { kind: "saved"; customer: CustomerView; warnings: string[]; created: boolean }
  | { kind: "invalid"; fieldErrors: Record<string, string>; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "conflict"; message: string };

async function loadCustomers(instructorId: string, ids: string[]): Promise<CustomerView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: customers.id,
      displayName: customers.displayName,
      notes: customers.notes,
      version: sql<string>`${customers.updatedAt}::text`,
    })
    .from(customers)
    .where(and(eq(customers.instructorId, instructorId), inArray(customers.id, ids)));
  const identifiers = await db
    .select()
    .from(customerIdentifiers)
    .where(and(eq(customerIdentifiers.instructorId, instructorId), inArray(customerIdentifiers.customerId, ids)))
    .orderBy(asc(customerIdentifiers.createdAt), asc(customerIdentifiers.id));
  const normalized = [...new Set(identifiers.map((i) => i.normalizedIdentifier))];
  const sharing =
    normalized.length > 0
      ? await db
          .select({
            customerId: customerIdentifiers.customerId,
            channel: customerIdentifiers.channel,
            normalizedIdentifier: customerIdentifiers.normalizedIdentifier,
            displayName: customers.displayName,
          })
          .from(customerIdentifiers)
          .innerJoin(customers, identifierOfItsCustomer)
          .where(
            and(
              eq(customerIdentifiers.instructorId, instructorId),
              inArray(customerIdentifiers.normalizedIdentifier, normalized),
            ),
          )
      : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => Boolean(r))
    .map((r) => ({
      ...r,
      identifiers: identifiers
        .filter((i) => i.customerId === r.id)
        .map((i) => {
          const others = new Map<string, string>();
          for (const s of sharing) {
            if (s.customerId !== r.id && s.channel === i.channel && s.normalizedIdentifier === i.normalizedIdentifier)
              others.set(s.customerId, s.displayName);
          }
          return {
            id: i.id,
            channel: i.channel,
            raw: i.raw,
            normalizedIdentifier: i.normalizedIdentifier,
            sharedWith: [...others].map(([id, displayName]) => ({ id, displayName })),
          };
        }),
    }));
}

/** The instructor's customers by name (keyset on display_name, id), optionally searched by name or number. */
export async function listCustomers({
  instructorId,
  q,
  cursor,
  limit = 50,
}: {
  instructorId: string;
  q?: string;
  cursor?: string | null;
  limit?: number;
}): Promise<{ items: CustomerView[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursor(cursor, "text") : null;
  const term = q?.trim();
  const digits = term?.replace(/\D/g, "") ?? "";
  const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const search = like
    ? sql`(${customers.displayName} ilike ${like} or exists (select 1 from customer_identifiers ci where ci.customer_id = ${customers.id} and ci.instructor_id = ${customers.instructorId} and (ci.raw ilike ${like} or ci.normalized_identifier ilike ${like}${
        digits.length >= 3
          ? sql` or regexp_replace(ci.normalized_identifier, '\\D', '', 'g') like ${`%${digits}%`}`
          : sql``
      })))`
    : undefined;
  // The cursor's `t` holds the display name here (same opaque encoding as the inbox cursor).
  const rows = await db
    .select({ id: customers.id, displayName: customers.displayName })
    .from(customers)
    .where(
      and(
        eq(customers.instructorId, instructorId),
        search,
        after ? sql`(${customers.displayName}, ${customers.id}) > (${after.t}, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(customers.displayName), asc(customers.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await loadCustomers(
      instructorId,
      page.map((r) => r.id),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.displayName, id: last.id }) : null,
  };
}

export async function getCustomer({
  instructorId,
  customerId,
}: {
  instructorId: string;
  customerId: string;
}): Promise<CustomerView | null> {
  if (!isUuid(customerId)) return null;
  const [customer] = await loadCustomers(instructorId, [customerId]);
  return customer ?? null;
}

/** Create a customer (CM-1: only by the instructor's explicit action). Safe against double submission by idempotency key. */
export async function createCustomer({
  instructorId,
  userId,
  displayName,
  notes,
  identifiers,
  idempotencyKey,
}: {
  instructorId: string;
  userId: string;
  displayName: string;
  notes: string | null;
  identifiers: IdentifierInput[];
  idempotencyKey: string;
}): Promise<SaveCustomerResult> {
  const { errors, normalized } = await normalizeCustomerIdentifiers(instructorId, identifiers);
  if (Object.keys(errors).length > 0)
    return { kind: "invalid", fieldErrors: errors, message: "Fix the highlighted numbers." };

  const customerId = await db.transaction(async (tx) => {
    // Double submission: the same key within this instructor creates one customer. The advisory lock
    // serializes two concurrent submits of the same key; the audit row remembers the first one.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`customer.create:${instructorId}:${idempotencyKey}`}))`,
    );
    const [earlier] = await tx
      .select({ entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.instructorId, instructorId),
          eq(auditEvents.action, "customer.created"),
          sql`${auditEvents.data}->>'idempotencyKey' = ${idempotencyKey}`,
        ),
      )
      .limit(1);
    if (earlier?.entityId) return earlier.entityId;
    const [customer] = await tx
      .insert(customers)
      .values({ instructorId, displayName, notes })
      .returning({ id: customers.id });
    if (normalized.length > 0) {
      await tx
        .insert(customerIdentifiers)
        .values(normalized.map((n) => ({ ...n, instructorId, customerId: customer!.id })));
    }
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "customer.created",
      entityType: "customer",
      entityId: customer!.id,
      data: { idempotencyKey, displayName, identifiers: normalized.map((n) => n.normalizedIdentifier) },
    });
    return customer!.id;
  });
  const customer = await getCustomer({ instructorId, customerId });
  if (!customer) return { kind: "not_found", message: "Not found." };
  return { kind: "saved", customer, warnings: duplicateWarnings(customer), created: true };
}

/** Edit a customer and replace its identifiers. Compare-and-set on `version`: a stale form gets a conflict. */
export async function updateCustomer({
  instructorId,
  userId,
  customerId,
  displayName,
  notes,
  identifiers,
  version,
}: {
  instructorId: string;
  userId: string;
  customerId: string;
  displayName: string;
  notes: string | null;
  identifiers: IdentifierInput[];
  version: string;
}): Promise<SaveCustomerResult> {
  if (!isUuid(customerId)) return { kind: "not_found", message: "Not found." };
  if (!isVersion(version)) return { kind: "conflict", message: "This form is out of date. Reload and try again." };
  const before = await getCustomer({ instructorId, customerId });
  if (!before) return { kind: "not_found", message: "Not found." };
  const { errors, normalized } = await normalizeCustomerIdentifiers(instructorId, identifiers);
  if (Object.keys(errors).length > 0)
    return { kind: "invalid", fieldErrors: errors, message: "Fix the highlighted numbers." };

  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ displayName, notes, updatedAt: sql`now()` })
      .where(
        and(
          eq(customers.id, customerId),
          eq(customers.instructorId, instructorId),
          sql`${customers.updatedAt} = ${version}::timestamptz`,
        ),
      )
      .returning({ id: customers.id });
    if (!row) return "conflict" as const;
    const keep = normalized.map((n) => `${n.channel}:${n.normalizedIdentifier}`);
    const existing = before.identifiers.map((i) => `${i.channel}:${i.normalizedIdentifier}`);
    const removed = before.identifiers.filter((i) => !keep.includes(`${i.channel}:${i.normalizedIdentifier}`));
    const added = normalized.filter((n) => !existing.includes(`${n.channel}:${n.normalizedIdentifier}`));
    if (removed.length > 0) {
      await tx.delete(customerIdentifiers).where(
        and(
          eq(customerIdentifiers.instructorId, instructorId),
          inArray(
            customerIdentifiers.id,
            removed.map((r) => r.id),
          ),
        ),
      );
    }
    if (added.length > 0) {
      await tx.insert(customerIdentifiers).values(added.map((n) => ({ ...n, instructorId, customerId })));
    }
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "customer.updated",
      entityType: "customer",
      entityId: customerId,
      data: {
        before: { displayName: before.displayName, notes: before.notes },
        after: { displayName, notes },
        identifiersAdded: added.map((a) => a.normalizedIdentifier),
        identifiersRemoved: removed.map((r) => r.normalizedIdentifier),
      },
    });
    return "saved" as const;
  });
  if (outcome === "conflict")
    return {
      kind: "conflict",
      message: "This customer was changed elsewhere since you opened it. Reload and try again.",
    };
  const customer = await getCustomer({ instructorId, customerId });
  if (!customer) return { kind: "not_found", message: "Not found." };
  return { kind: "saved", customer, warnings: duplicateWarnings(customer), created: false };
}
