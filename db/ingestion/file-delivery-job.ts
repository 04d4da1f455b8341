/**
 * Filing a webhook delivery, off the webhook's event loop (issue 12, point 6).
 *
 * The webhook checks size, signature, JSON and the envelope, quarantines broken items, and then stores the
 * delivery durably as one `file_delivery` job (db/queue.ts) before it answers 200: one INSERT, so a burst
 * of deliveries costs the web process and PostgreSQL almost nothing beyond reading them. A worker files the
 * job here, through the same ingestion as before (TA-3 steps 2–5: normalize, resolve the conversation,
 * persist the message with its inbox row and its turn's drafting job). What TA-3 asks of a failure holds:
 * - the database fails → the job is retried with backoff (for about as long as WhatsApp itself would
 *   retry a 503, FILE_DELIVERY_MAX_ATTEMPTS), each message still commits whole or not at all;
 * - a bug on this payload (not the database) → the delivery is quarantined raw (`failed_delivery`,
 *   `npm run unroutable -- replay` once fixed) and the job ends, so it is not retried for days;
 * - filing twice (a worker died after filing, before the job was marked) adds nothing: ingestion is
 *   idempotent on the wamid, statuses only move forward.
 * A filed delivery's row is deleted (its content now lives in messages): nothing of it is kept twice.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { db as defaultDb, type Db } from "@/db";
import { ingestWhatsappDelivery } from "@/db/ingestion/ingest-whatsapp-delivery";
import { recordQuarantined } from "@/db/queries/unroutable";
import { registerJobHandler, type EnqueueJobArgs, type JobContext } from "@/db/queue";
import { isDatabaseError } from "@/lib/http/api-errors";
import { isMessagesChange, parseWebhookDelivery, type WebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { logger as rootLogger } from "@/server/logger";

export const FILE_DELIVERY_JOB = "file_delivery";

/**
 * Retries 1 s, 2 s, 4 s… capped at 5 min (db/queue.ts): 1 000 attempts is about three and a half days,
 * the time WhatsApp itself keeps retrying a delivery it could not hand over.
 */
export const FILE_DELIVERY_MAX_ATTEMPTS = 1_000;

/**
 * The job that files one delivery: its key is random (never the caller's request id), so two deliveries
 * never coalesce into one row; `requestId` ties the worker's log lines to the webhook's.
 */
export function fileDeliveryJob(delivery: unknown, requestId: string): EnqueueJobArgs & { key: string } {
  return {
    kind: FILE_DELIVERY_JOB,
    key: randomUUID(),
    payload: { delivery, requestId },
    maxAttempts: FILE_DELIVERY_MAX_ATTEMPTS,
  };
}

function firstPhoneNumberId(delivery: WebhookDelivery): string | null {
  for (const entry of delivery.entries)
    for (const change of entry.changes) if (isMessagesChange(change)) return change.value.metadata.phone_number_id;
  return null;
}

export interface FileDeliveryOptions {
  database?: Db;
  /** Defaults to ingestWhatsappDelivery (a test swaps in one with a deliberate bug). */
  ingest?: typeof ingestWhatsappDelivery;
}

/**
 * Files one queued delivery. Throws only when the database failed (the queue retries); a bug is
 * quarantined and returns. Items the webhook already quarantined as broken are skipped here.
 */
export async function fileQueuedDelivery(
  payload: Record<string, unknown>,
  {
    database = defaultDb,
    ingest = ingestWhatsappDelivery,
    log: parentLog = rootLogger,
  }: FileDeliveryOptions & {
    log?: Logger;
  } = {},
): Promise<void> {
  const requestId = typeof payload.requestId === "string" ? payload.requestId : undefined;
  const log = parentLog.child({ requestId, route: "webhook.whatsapp", step: "file" });
  const parsed = parseWebhookDelivery(payload.delivery);
  if (!parsed.ok) {
    // The webhook checked the envelope before queueing it: only a job written by hand gets here.
    log.error({ issues: parsed.issues }, "whatsapp delivery: the queued delivery is not an envelope; dropped");
    return;
  }
  try {
    const result = await ingest({ delivery: parsed.delivery, log }, database);
    log.info(
      {
        stored: result.stored,
        duplicates: result.duplicates,
        unroutable: result.unroutable,
        statusesApplied: result.statusesApplied,
        statusesIgnored: result.statusesIgnored,
        statusesParked: result.statusesParked,
        otherChanges: result.otherChanges,
      },
      "whatsapp webhook: delivery committed",
    );
  } catch (error) {
    if (isDatabaseError(error)) throw error; // TA-3: the database failed → try again later
    // Not the database: a bug on this payload. Retrying would fail the same way for days; keep it raw instead.
    // (If the quarantine itself fails, that throws: the job is retried, nothing is lost.)
    await recordQuarantined(
      {
        kind: "failed_delivery",
        reason: `${(error as Error)?.name ?? "Error"}: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
        phoneNumberId: firstPhoneNumberId(parsed.delivery),
        value: payload.delivery,
        message: null,
      },
      database,
    );
    log.error(
      { err: error, quarantined: 1 },
      "whatsapp webhook: ingestion threw; delivery quarantined (npm run unroutable -- replay once fixed)",
    );
  }
}

/** The queue handler for `file_delivery` jobs; the row is deleted once the delivery is filed. */
export function registerFileDeliveryJob(options: FileDeliveryOptions = {}): void {
  registerJobHandler(
    FILE_DELIVERY_JOB,
    (payload: Record<string, unknown>, _job: JobContext) => fileQueuedDelivery(payload, options),
    { deleteWhenDone: true },
  );
}
