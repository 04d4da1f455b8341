import "server-only";
import { isUuid } from "@/lib/validation/is-uuid";
/**
 * CM-2.4 read-only customer signal for the inbox, computed at read time by the CM-2.1 resolver.
 * Everything runs in one READ ONLY transaction; nothing is written (CM-2.1 §4, §8). The resolution's
 * conceptual event (CM-2.1 §7) is logged, not stored.
 */
import { and, eq, inArray } from "drizzle-orm";
import { db as defaultDb, type Tx } from "@/db";
import { conversations, customers, instructors } from "@/db/schema";
import { customerSignal, type CustomerSignal, type SimilarCustomer } from "@/lib/customer-resolution/customer-signal";
import {
  conversationAlternateIdentifiers,
  conversationIdentifier,
} from "@/lib/customer-resolution/conversation-identifier";
import { resolveCustomer } from "@/lib/customer-resolution/resolve-customer";
import type { CandidateLookup, ResolutionCandidate, ResolutionOutcome } from "@/lib/customer-resolution/types";
import { normalizeIdentifier } from "@/lib/identifiers/normalize-identifier";
import { whatsappNumberVariants } from "@/lib/identifiers/whatsapp-number-variants";
import { logger } from "@/server/logger";
import {
  selectCustomerCandidates,
  selectCustomersByIdentifierVariants,
  type CandidateKey,
  type QueryOptions,
} from "./customer-candidates";
import { withReadOnlyTransaction } from "./read-only-transaction";
import { linkedCustomerOfConversation } from "./linked-customer-of-conversation";

export type { CustomerSignal } from "@/lib/customer-resolution/customer-signal";

/** The signal for one conversation of this instructor; null when it is not this instructor's (or does not exist). */
export async function getCustomerSignal(
  { instructorId, conversationId }: { instructorId: string; conversationId: string },
  options: QueryOptions = {},
): Promise<CustomerSignal | null> {
  const signals = await getCustomerSignals({ instructorId, conversationIds: [conversationId] }, options);
  return signals.get(conversationId.toLowerCase()) ?? null;
}

/**
 * The signals for a page of conversations: one conversation query, one candidate query and at most
 * one variant query, in one READ ONLY transaction. Conversations that are not this instructor's are
 * absent from the map (keys are the conversation ids, lower-case).
 */
export async function getCustomerSignals(
  { instructorId, conversationIds }: { instructorId: string; conversationIds: readonly string[] },
  options: QueryOptions = {},
): Promise<Map<string, CustomerSignal>> {
  const ids = [...new Set(conversationIds.map((id) => id.toLowerCase()))].filter((id) => isUuid(id));
  if (!isUuid(instructorId) || ids.length === 0) return new Map();

  return withReadOnlyTransaction(options.db ?? defaultDb, async (tx) => {
    const rows = await tx
      .select({
        conversationId: conversations.id,
        instructorId: conversations.instructorId,
        channel: conversations.channel,
        externalIdentity: conversations.externalIdentity,
        waId: conversations.waId,
        whatsappUserId: conversations.whatsappUserId,
        explicitCustomerId: conversations.customerId,
        // Only a customer of the same instructor lends its name (CM-2.1 §2: no cross-instructor access).
        linkedCustomerName: customers.displayName,
        defaultRegion: instructors.defaultRegion,
      })
      .from(conversations)
      .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
      .leftJoin(customers, linkedCustomerOfConversation)
      .where(and(eq(conversations.instructorId, instructorId), inArray(conversations.id, ids)));

    // CM-2.1 step 2 needs candidates only for unlinked conversations whose identifier normalizes.
    const keys: CandidateKey[] = [];
    for (const row of rows) {
      if (row.explicitCustomerId) continue;
      for (const identifier of [conversationIdentifier(row), ...conversationAlternateIdentifiers(row)]) {
        const normalized = normalizeIdentifier({
          channel: identifier.channel,
          raw: identifier.raw,
          defaultRegion: row.defaultRegion,
        });
        if (normalized.ok)
          keys.push({ channel: identifier.channel as CandidateKey["channel"], normalizedIdentifier: normalized.value });
      }
    }
    let lookup: { ok: true; byKey: Map<string, ResolutionCandidate[]> } | { ok: false } = {
      ok: true,
      byKey: new Map(),
    };
    if (keys.length > 0) {
      try {
        // A savepoint, so a failed lookup leaves the read-only transaction usable.
        const candidates = await tx.transaction((sp) => selectCustomerCandidates(sp, { instructorId, keys }));
        const byKey = new Map<string, ResolutionCandidate[]>();
        for (const candidate of candidates) {
          const key = keyOf(candidate.channel, candidate.normalizedIdentifier);
          byKey.set(key, [...(byKey.get(key) ?? []), candidate]);
        }
        lookup = { ok: true, byKey };
      } catch (error) {
        logger.warn({ err: error, instructorId }, "customer candidate lookup failed (CM-2.1 §5: no resolution)");
        lookup = { ok: false };
      }
    }

    const resolved = rows.map((row) => {
      const identifier = conversationIdentifier(row);
      const alternates = conversationAlternateIdentifiers(row);
      const found: ResolutionCandidate[] = [];
      for (const { channel, raw } of [identifier, ...alternates]) {
        const normalized = normalizeIdentifier({ channel, raw, defaultRegion: row.defaultRegion });
        if (lookup.ok && normalized.ok) found.push(...(lookup.byKey.get(keyOf(channel, normalized.value)) ?? []));
      }
      const candidates: CandidateLookup = !lookup.ok
        ? { ok: false, reason: "lookup_failed" }
        : { ok: true, candidates: found };
      const outcome = resolveCustomer({
        instructor: { id: row.instructorId, defaultRegion: row.defaultRegion },
        explicitCustomerId: row.explicitCustomerId,
        channel: identifier.channel,
        rawIdentifier: identifier.raw,
        alternateIdentifiers: alternates,
        candidates,
      });
      return { row, identifierChannel: identifier.channel, outcome };
    });

    const similar = await findSimilarCustomers(
      tx,
      instructorId,
      resolved.map((r) => ({ channel: r.identifierChannel, outcome: r.outcome })),
    );

    const signals = new Map<string, CustomerSignal>();
    for (const { row, identifierChannel, outcome } of resolved) {
      logResolution(instructorId, row.conversationId, outcome);
      const similarCustomers =
        identifierChannel === "whatsapp" &&
        outcome.kind === "unresolved" &&
        outcome.reason === "no_match" &&
        outcome.normalizedIdentifier
          ? whatsappNumberVariants({ normalized: outcome.normalizedIdentifier }).flatMap(
              (v) => similar.get(keyOf("whatsapp", v)) ?? [],
            )
          : [];
      signals.set(
        row.conversationId,
        customerSignal({ outcome, linkedCustomerName: row.linkedCustomerName, similarCustomers, identifierChannel }),
      );
    }
    return signals;
  });
}

/** The variant hint: customers whose identifier equals a known variant of an unmatched WhatsApp number. */
async function findSimilarCustomers(
  tx: Tx,
  instructorId: string,
  items: { channel: string; outcome: ResolutionOutcome }[],
): Promise<Map<string, SimilarCustomer[]>> {
  const variants = new Set<string>();
  for (const { channel, outcome } of items) {
    if (
      channel !== "whatsapp" ||
      outcome.kind !== "unresolved" ||
      outcome.reason !== "no_match" ||
      !outcome.normalizedIdentifier
    )
      continue;
    for (const variant of whatsappNumberVariants({ normalized: outcome.normalizedIdentifier })) variants.add(variant);
  }
  const byKey = new Map<string, SimilarCustomer[]>();
  if (variants.size === 0) return byKey;
  try {
    const rows = await tx.transaction((sp) =>
      selectCustomersByIdentifierVariants(sp, { instructorId, channel: "whatsapp", variants: [...variants] }),
    );
    for (const row of rows) {
      const key = keyOf("whatsapp", row.normalizedIdentifier);
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
  } catch (error) {
    logger.warn({ err: error, instructorId }, "customer variant lookup failed (hint dropped)");
  }
  return byKey;
}

function keyOf(channel: string, normalizedIdentifier: string): string {
  return `${channel}\u0000${normalizedIdentifier}`;
}

/** CM-2.1 §7: the conceptual event, logged (structured), never stored. No phone numbers in logs. */
function logResolution(instructorId: string, conversationId: string, outcome: ResolutionOutcome): void {
  logger.info(
    {
      event: outcome.event,
      instructorId,
      conversationId,
      outcome: outcome.kind,
      step: outcome.step,
      reason: "reason" in outcome ? outcome.reason : undefined,
      candidateCount: "candidateCount" in outcome ? outcome.candidateCount : undefined,
      ignoredForeignCandidates: outcome.diagnostics.ignoredForeignCandidates,
      ignoredMismatchedCandidates: outcome.diagnostics.ignoredMismatchedCandidates,
    },
    outcome.event,
  );
}
