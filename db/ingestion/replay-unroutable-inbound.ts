import "server-only";
import { db as defaultDb, type Db } from "@/db";
import { listUnroutableInbound, markUnroutableInboundReplayed } from "@/db/queries/unroutable";
import { isDatabaseError } from "@/lib/http/api-errors";
import { messagesChangeValueSchema, parseWebhookDelivery, webhookMessageSchema } from "@/lib/whatsapp/webhook-payload";
import {
  findInstructorIdByPhoneNumberId,
  ingestInboundMessage,
  ingestWhatsappDelivery,
  type DraftCandidate,
} from "./ingest-whatsapp-delivery";

export interface ReplayUnroutableResult {
  replayed: number;
  duplicates: number;
  stillUnroutable: number;
  invalid: number;
  /** Quarantined deliveries whose ingestion still throws (the bug is not fixed yet): left pending. */
  stillFailing: number;
  draftCandidates: DraftCandidate[];
}

/**
 * Replays kept unroutable messages whose `phone_number_id` now belongs to an instructor, through the same
 * ingestion as the webhook (idempotent: a message already stored is a duplicate). Marks each replayed row.
 */
export async function replayUnroutableInbound(
  args: { phoneNumberId?: string } = {},
  database: Db = defaultDb,
): Promise<ReplayUnroutableResult> {
  const result: ReplayUnroutableResult = {
    replayed: 0,
    duplicates: 0,
    stillUnroutable: 0,
    invalid: 0,
    stillFailing: 0,
    draftCandidates: [],
  };
  const rows = await listUnroutableInbound({ phoneNumberId: args.phoneNumberId }, database);
  for (const row of rows) {
    if (row.kind !== "unroutable") {
      // A quarantined item or delivery: `value` is a whole delivery; run it through the webhook's parse
      // and ingestion again. An item must now pass its schema; a delivery's broken items were kept apart.
      const parsed = parseWebhookDelivery(row.value);
      if (!parsed.ok || (row.kind === "invalid_item" && parsed.rejected.length > 0)) {
        result.invalid += 1;
        continue;
      }
      try {
        const ingested = await ingestWhatsappDelivery({ delivery: parsed.delivery }, database);
        await markUnroutableInboundReplayed(row.id, database);
        result.replayed += ingested.stored + ingested.statusesApplied;
        result.duplicates += ingested.duplicates;
        result.stillUnroutable += ingested.unroutable;
        result.draftCandidates.push(...ingested.draftCandidates);
      } catch (error) {
        if (isDatabaseError(error)) throw error;
        result.stillFailing += 1;
      }
      continue;
    }
    const instructorId = row.phoneNumberId ? await findInstructorIdByPhoneNumberId(row.phoneNumberId, database) : null;
    if (!instructorId) {
      result.stillUnroutable += 1;
      continue;
    }
    const value = messagesChangeValueSchema.safeParse(row.value);
    const message = webhookMessageSchema.safeParse(row.message);
    if (!value.success || !message.success) {
      result.invalid += 1;
      continue;
    }
    const ingested = await ingestInboundMessage(
      { instructorId, phoneNumberId: row.phoneNumberId!, value: value.data, message: message.data },
      database,
    );
    await markUnroutableInboundReplayed(row.id, database);
    if (ingested.inserted) {
      result.replayed += 1;
      if (ingested.draftable) result.draftCandidates.push({ instructorId, messageId: ingested.messageId });
    } else {
      result.duplicates += 1;
    }
  }
  return result;
}
