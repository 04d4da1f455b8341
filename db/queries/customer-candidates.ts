import "server-only";
/**
 * CM-2.1 step 2 lookups, read-only: the candidate customers for (instructor_id, channel,
 * normalized_identifier), and the customers whose identifier equals a known variant (hint only).
 * They run inside a READ ONLY transaction, so Postgres itself refuses any write during resolution.
 */
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { db as defaultDb, type Db, type DbOrTx } from "@/db";
import { customerIdentifiers, customers } from "@/db/schema";
import type { Channel, IdentifierChannel } from "@/lib/vocabulary";
import type { CandidateLookup, ResolutionCandidate } from "@/lib/customer-resolution/types";
import type { SimilarCustomer } from "@/lib/customer-resolution/customer-signal";
import { logger } from "@/server/logger";
import { withReadOnlyTransaction } from "./read-only-transaction";
import { identifierOfItsCustomer } from "./identifier-of-its-customer";

export interface QueryOptions {
  /** The database to read (tests pass their own handle); defaults to the application's. */
  db?: Db;
}

export interface CandidateKey {
  channel: IdentifierChannel;
  normalizedIdentifier: string;
}

/**
 * CM-2.1 step 2: the customers of this instructor carrying any of `keys`, one row per
 * (customer, key). The caller must already be inside a read-only transaction.
 */
export async function selectCustomerCandidates(
  tx: DbOrTx,
  { instructorId, keys }: { instructorId: string; keys: readonly CandidateKey[] },
): Promise<ResolutionCandidate[]> {
  if (keys.length === 0) return [];
  const byChannel = new Map<IdentifierChannel, Set<string>>();
  for (const key of keys) {
    const set = byChannel.get(key.channel) ?? new Set<string>();
    set.add(key.normalizedIdentifier);
    byChannel.set(key.channel, set);
  }
  const keyFilter = or(
    ...[...byChannel].map(([channel, identifiers]) =>
      and(
        eq(customerIdentifiers.channel, channel),
        inArray(customerIdentifiers.normalizedIdentifier, [...identifiers]),
      ),
    ),
  );
  const rows = await tx
    .selectDistinct({
      customerId: customers.id,
      instructorId: customers.instructorId,
      displayName: customers.displayName,
      channel: customerIdentifiers.channel,
      normalizedIdentifier: customerIdentifiers.normalizedIdentifier,
    })
    .from(customerIdentifiers)
    .innerJoin(customers, identifierOfItsCustomer)
    .where(and(eq(customerIdentifiers.instructorId, instructorId), keyFilter))
    .orderBy(
      asc(customerIdentifiers.channel),
      asc(customerIdentifiers.normalizedIdentifier),
      asc(customers.displayName),
      asc(customers.id),
    );
  return rows;
}

/**
 * CM-2.1 step 2 for one identifier, in its own READ ONLY transaction. Any database error becomes
 * `lookup_failed` (CM-2.1 §5 safe fallback: no resolution), never an exception.
 */
export async function findCustomerCandidates(
  { instructorId, channel, normalizedIdentifier }: { instructorId: string } & CandidateKey,
  options: QueryOptions = {},
): Promise<CandidateLookup> {
  try {
    const candidates = await withReadOnlyTransaction(options.db ?? defaultDb, (tx) =>
      selectCustomerCandidates(tx, { instructorId, keys: [{ channel, normalizedIdentifier }] }),
    );
    return { ok: true, candidates };
  } catch (error) {
    logger.warn({ err: error, instructorId, channel }, "customer candidate lookup failed (CM-2.1 §5: no resolution)");
    return { ok: false, reason: "lookup_failed" };
  }
}

/**
 * Hint only, never a match: customers of this instructor whose identifier equals one of `variants`
 * (see lib/identifiers/whatsapp-number-variants). Runs in the caller's read-only transaction.
 */
export async function selectCustomersByIdentifierVariants(
  tx: DbOrTx,
  { instructorId, channel, variants }: { instructorId: string; channel: Channel; variants: readonly string[] },
): Promise<SimilarCustomer[]> {
  if (variants.length === 0) return [];
  const rows = await selectCustomerCandidates(tx, {
    instructorId,
    keys: variants.map((normalizedIdentifier) => ({ channel, normalizedIdentifier })),
  });
  return rows.map(({ customerId, displayName, normalizedIdentifier }) => ({
    customerId,
    displayName,
    normalizedIdentifier,
  }));
}

/** The variant lookup in its own READ ONLY transaction; a failure only loses the hint ([]). */
export async function findCustomersByIdentifierVariants(
  args: { instructorId: string; channel: Channel; variants: readonly string[] },
  options: QueryOptions = {},
): Promise<SimilarCustomer[]> {
  try {
    return await withReadOnlyTransaction(options.db ?? defaultDb, (tx) =>
      selectCustomersByIdentifierVariants(tx, args),
    );
  } catch (error) {
    logger.warn({ err: error, instructorId: args.instructorId }, "customer variant lookup failed (hint dropped)");
    return [];
  }
}
