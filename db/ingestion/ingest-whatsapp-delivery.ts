import "server-only";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { db as defaultDb, type Db } from "@/db";
import { applyMessageStatus } from "@/db/queries/apply-message-status";
import {
  persistInboundMessageBySender,
  persistInboundMessageWithInboxBridge,
} from "@/db/queries/persist-inbound-message-with-inbox-bridge";
import { findMapped, resolveConversationByChannel } from "@/db/queries/resolve-conversation-by-channel";
import { DRAFT_TURN_JOB, inboundDraftDebounce } from "@/db/orchestration/draft-turn-job-kind";
import { wakeJobWorkers } from "@/db/queue";
import { recordUnroutableInbound } from "@/db/queries/unroutable";
import { instructors } from "@/db/schema";
import { logger as rootLogger } from "@/server/logger";
import {
  findSenderContact,
  normalizeInboundMessage,
  type NormalizedInboundMessage,
} from "@/lib/whatsapp/normalize-inbound-message";
import {
  isMessagesChange,
  type MessagesChangeValue,
  type WebhookDelivery,
  type WebhookMessage,
} from "@/lib/whatsapp/webhook-payload";

/** A committed inbound text message that should get a draft (TA-3 step 5, after commit). */
export interface DraftCandidate {
  instructorId: string;
  messageId: string;
}

export interface IngestWhatsappDeliveryResult {
  stored: number;
  duplicates: number;
  unroutable: number;
  statusesApplied: number;
  statusesIgnored: number;
  /** Statuses for a wamid not committed yet: kept until the send records it (or a day passes). */
  statusesParked: number;
  /** Changes whose `field` is not `messages` (template status, account updates...): acknowledged only. */
  otherChanges: number;
  draftCandidates: DraftCandidate[];
}

/** Senders of one change ingested concurrently (each message is still its own transaction). */
const SENDERS_IN_PARALLEL = 4;

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Every new inbound message (any type) queues its conversation's turn for drafting: one job per
 * conversation, coalesced and debounced (inboundDraftDebounce); the drafter decides what the turn needs
 * (a "👍" changes nothing).
 */
export function draftTurnJobFor(instructorId: string, conversationId: string) {
  return {
    kind: DRAFT_TURN_JOB,
    key: conversationId,
    payload: { instructorId, conversationId },
    debounce: inboundDraftDebounce(),
  };
}

/** TA-3 routing: `value.metadata.phone_number_id` → the instructor who owns that business number. */
export async function findInstructorIdByPhoneNumberId(
  phoneNumberId: string,
  database: Db = defaultDb,
): Promise<string | null> {
  const [row] = await database
    .select({ id: instructors.id })
    .from(instructors)
    .where(eq(instructors.whatsappPhoneNumberId, phoneNumberId))
    .limit(1);
  return row?.id ?? null;
}

export type IngestInboundMessageResult =
  { inserted: true; messageId: string; conversationId: string; draftable: boolean } | { inserted: false };

/** The sender's identities, primary first, each once (as findMapped and the one-statement path take them). */
function senderIdentities(normalized: NormalizedInboundMessage): string[] {
  return [...new Set([normalized.senderIdentity, ...normalized.alternateIdentities.filter(Boolean)])];
}

/**
 * TA-3 steps 2–4 for one message: normalize, resolve the conversation and persist, atomically (one
 * statement for a known sender, one transaction for a new one), so a database failure leaves nothing
 * half-written (no conversation without its message).
 */
export async function ingestInboundMessage(
  args: {
    instructorId: string;
    phoneNumberId: string;
    value: Pick<MessagesChangeValue, "contacts">;
    message: WebhookMessage;
  },
  database: Db = defaultDb,
): Promise<IngestInboundMessageResult> {
  const normalized = normalizeInboundMessage({ message: args.message, contacts: args.value.contacts });
  const contact = findSenderContact(args.message, args.value.contacts);
  const persistArgs = {
    instructorId: args.instructorId,
    message: normalized,
    phoneNumberId: args.phoneNumberId,
    payload: args.message,
    contact,
  };

  // A returning sender (the common case): the conversation exists and every identity is mapped, so the
  // message and its counters are one atomic statement: no transaction, two round trips in all.
  const identities = senderIdentities(normalized);
  const known = await findMapped(database, { instructorId: args.instructorId, channel: "whatsapp", identities });
  if (known && identities.every((identity) => known.mapped.has(identity))) {
    // The turn's drafting job is queued by the same statement that stores the message (see draftTurnJobFor).
    const persisted = await persistInboundMessageWithInboxBridge(
      {
        ...persistArgs,
        conversationId: known.conversationId,
        job: draftTurnJobFor(args.instructorId, known.conversationId),
      },
      database,
    );
    if (!persisted.inserted) return { inserted: false };
    return {
      inserted: true,
      messageId: persisted.messageId,
      conversationId: known.conversationId,
      draftable: normalized.draftable,
    };
  }
  return ingestFromNewSender(args.instructorId, args.phoneNumberId, normalized, args.message, contact, database);
}

/** A new sender (or a new identity of one): create the conversation and store the message together. */
async function ingestFromNewSender(
  instructorId: string,
  phoneNumberId: string,
  normalized: NormalizedInboundMessage,
  payload: WebhookMessage,
  contact: unknown,
  database: Db,
): Promise<IngestInboundMessageResult> {
  return database.transaction(async (tx) => {
    const { conversationId } = await resolveConversationByChannel(
      {
        instructorId,
        channel: "whatsapp",
        externalIdentity: normalized.senderIdentity,
        alternateIdentities: normalized.alternateIdentities,
        initial: {
          displayName: normalized.profileName,
          waId: normalized.waId,
          whatsappUserId: normalized.whatsappUserId,
          lastMessageAt: normalized.receivedAt,
        },
      },
      tx,
    );
    const persisted = await persistInboundMessageWithInboxBridge(
      {
        instructorId,
        conversationId,
        message: normalized,
        phoneNumberId,
        payload,
        contact,
        job: draftTurnJobFor(instructorId, conversationId),
      },
      tx,
    );
    if (!persisted.inserted) return { inserted: false };
    return { inserted: true, messageId: persisted.messageId, conversationId, draftable: normalized.draftable };
  });
}

/**
 * The webhook's path for one message, by business number: routing (phone_number_id → instructor), the
 * sender's conversation and the writes in ONE statement for a returning sender (one round trip, read
 * fresh each time: no cache to go stale); a new sender then takes the transaction path.
 */
async function ingestInboundMessageByNumber(
  args: { phoneNumberId: string; value: Pick<MessagesChangeValue, "contacts">; message: WebhookMessage },
  database: Db,
): Promise<({ routed: true; instructorId: string } & IngestInboundMessageResult) | { routed: false }> {
  const normalized = normalizeInboundMessage({ message: args.message, contacts: args.value.contacts });
  const contact = findSenderContact(args.message, args.value.contacts);
  const persisted = await persistInboundMessageBySender(
    {
      phoneNumberId: args.phoneNumberId,
      identities: senderIdentities(normalized),
      message: normalized,
      payload: args.message,
      contact,
      jobKind: DRAFT_TURN_JOB,
      jobDebounce: inboundDraftDebounce(),
    },
    database,
  );
  switch (persisted.outcome) {
    case "unroutable":
      return { routed: false };
    case "duplicate":
      return { routed: true, instructorId: persisted.instructorId, inserted: false };
    case "inserted":
      return {
        routed: true,
        instructorId: persisted.instructorId,
        inserted: true,
        messageId: persisted.messageId,
        conversationId: persisted.conversationId,
        draftable: normalized.draftable,
      };
    case "unmapped": {
      const ingested = await ingestFromNewSender(
        persisted.instructorId,
        args.phoneNumberId,
        normalized,
        args.message,
        contact,
        database,
      );
      return { routed: true, instructorId: persisted.instructorId, ...ingested };
    }
  }
}

/**
 * TA-3 steps 2–4 for a whole validated delivery: every entry, change, message and status (a sender's
 * messages in order, a few senders side by side). Each message commits in its own transaction; if the database fails midway the error propagates (the
 * route answers 503), and WhatsApp's retry stores the rest while the committed ones are duplicates.
 * Draft orchestration is not run here: each stored message queued its turn's drafting job in its own
 * statement, and this process's workers are woken once at the end (other processes by NOTIFY at commit).
 */
export async function ingestWhatsappDelivery(
  { delivery, log = rootLogger }: { delivery: WebhookDelivery; log?: Logger },
  database: Db = defaultDb,
): Promise<IngestWhatsappDeliveryResult> {
  const result: IngestWhatsappDeliveryResult = {
    stored: 0,
    duplicates: 0,
    unroutable: 0,
    statusesApplied: 0,
    statusesIgnored: 0,
    statusesParked: 0,
    otherChanges: 0,
    draftCandidates: [],
  };
  const instructorByNumber = new Map<string, string | null>();
  const routeTo = async (phoneNumberId: string) => {
    if (!instructorByNumber.has(phoneNumberId)) {
      instructorByNumber.set(phoneNumberId, await findInstructorIdByPhoneNumberId(phoneNumberId, database));
    }
    return instructorByNumber.get(phoneNumberId)!;
  };

  for (const entry of delivery.entries) {
    for (const change of entry.changes) {
      if (!isMessagesChange(change)) {
        result.otherChanges += 1;
        log.info({ field: change.field, entryId: entry.id }, "whatsapp webhook: non-message change acknowledged");
        continue;
      }
      const { value } = change;
      const phoneNumberId = value.metadata.phone_number_id;
      if (value.errors && value.errors.length > 0) {
        log.warn({ phoneNumberId, errors: value.errors }, "whatsapp webhook: value-level errors");
      }
      const messagesInChange = value.messages ?? [];
      const statusesInChange = value.statuses ?? [];
      if (messagesInChange.length === 0 && statusesInChange.length === 0) continue;

      // Messages of one sender stay in order; different senders are ingested side by side (a delivery can
      // batch up to 1,000 messages), a few at a time so one delivery does not take the whole pool.
      const bySender = new Map<string, WebhookMessage[]>();
      for (const message of messagesInChange) {
        const key = message.from ?? message.from_user_id ?? "";
        const list = bySender.get(key);
        if (list) list.push(message);
        else bySender.set(key, [message]);
      }
      await forEachLimited([...bySender.values()], SENDERS_IN_PARALLEL, async (senderMessages) => {
        for (const message of senderMessages) {
          // Routing is read by the message's own statement (the number's owner, then the sender's conversation).
          const ingested = await ingestInboundMessageByNumber({ phoneNumberId, value, message }, database);
          if (!ingested.routed) {
            // TA-3: instructor context missing → keep it raw, replayable once the number is mapped.
            const { recorded } = await recordUnroutableInbound(
              { phoneNumberId, externalMessageId: message.id, value, message },
              database,
            );
            result.unroutable += 1;
            log.warn(
              { phoneNumberId, externalMessageId: message.id, recorded },
              "whatsapp webhook: unknown phone_number_id, message kept as unroutable",
            );
            continue;
          }
          if (!ingested.inserted) {
            result.duplicates += 1;
            log.info({ externalMessageId: message.id }, "whatsapp webhook: duplicate message ignored");
            continue;
          }
          result.stored += 1;
          if (ingested.draftable)
            result.draftCandidates.push({ instructorId: ingested.instructorId, messageId: ingested.messageId });
        }
      });

      const instructorId = statusesInChange.length > 0 ? await routeTo(phoneNumberId) : null;
      for (const status of statusesInChange) {
        if (!instructorId) {
          result.statusesIgnored += 1;
          log.warn(
            { phoneNumberId, externalMessageId: status.id, status: status.status },
            "whatsapp webhook: status for an unknown phone_number_id ignored",
          );
          continue;
        }
        const outcome = await applyMessageStatus(
          {
            instructorId,
            externalMessageId: status.id,
            status: status.status,
            occurredAt: new Date(Number(status.timestamp) * 1000),
            errors: status.errors,
            recipientId: status.recipient_id ?? null,
          },
          database,
        );
        if (outcome === "applied") {
          result.statusesApplied += 1;
        } else if (outcome === "parked") {
          result.statusesParked += 1;
          log.info(
            { externalMessageId: status.id, status: status.status },
            "whatsapp webhook: status for a wamid not known yet, parked",
          );
        } else {
          result.statusesIgnored += 1;
          const level = outcome === "not_forward" ? "debug" : "info";
          log[level](
            { externalMessageId: status.id, status: status.status, outcome },
            "whatsapp webhook: status not applied",
          );
        }
      }
    }
  }
  if (result.stored > 0) wakeJobWorkers();
  return result;
}
