import "server-only";
import { db as defaultDb, type Db } from "@/db";
import { listUnroutableInbound, markUnroutableInboundReplayed } from "@/db/queries/unroutable";
import { messagesChangeValueSchema, webhookMessageSchema } from "@/lib/whatsapp/webhook-payload";
import { findInstructorIdByPhoneNumberId, ingestInboundMessage, type DraftCandidate } from "./ingest-whatsapp-delivery";

export interface ReplayUnroutableResult {
  replayed: number;
  duplicates: number;
  stillUnroutable: number;
  invalid: number;
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
  const result: ReplayUnroutableResult = { replayed: 0, duplicates: 0, stillUnroutable: 0, invalid: 0, draftCandidates: [] };
  const rows = await listUnroutableInbound({ phoneNumberId: args.phoneNumberId }, database);
  for (const row of rows) {
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
