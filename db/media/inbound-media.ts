import "server-only";
/**
 * Inbound media: a `media_files` row and a `media_fetch` job are written by the same statement that
 * stores the message (so neither exists without the other, and the message never waits for its file).
 * The job: `GET /{media_id}` for a url that lives 5 minutes, then the url with the bearer token, the
 * size limit checked before and while reading, the sha256 compared, the bytes stored. A failure that
 * may pass is retried with the queue's backoff; a definite one (too big, wrong checksum, id unknown or
 * older than 7 days) is recorded on the row and shown in the thread, with a retry button.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { db as defaultDb, type DbOrTx } from "@/db";
import { enqueueJob, jobInsertSql, jobNotifySql, registerJobHandler, type JobContext } from "@/db/queue";
import { recordAuditEvent } from "@/db/queries/audit";
import { mediaFiles, messages } from "@/db/schema";
import { sendConfigFromEnv, type SendConfig } from "@/db/sending/send-config";
import { logger } from "@/server/logger";
import { isMediaKind, MEDIA_ID_LIFETIME_MS, MEDIA_MAX_BYTES, sha256Hex } from "@/lib/whatsapp/media-policy";
import type { MediaKind } from "@/lib/vocabulary";
import type { NormalizedInboundMessage } from "@/lib/whatsapp/normalize-inbound-message";
import { mediaStorageFromEnv, type MediaStorage } from "@/server/media-storage";
import { downloadMedia, getMediaMetadata } from "@/server/whatsapp/graph-reads";

export const MEDIA_FETCH_JOB = "media_fetch";
/** 12 tries: 1 s, 2 s … 256 s, then every 5 min (the queue's backoff): about half an hour in all. */
export const MEDIA_FETCH_MAX_ATTEMPTS = 12;

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** The media id of a normalized inbound message, when it is a media message that has one. */
export function inboundMediaOf(message: Pick<NormalizedInboundMessage, "type" | "content">): {
  kind: MediaKind;
  mediaId: string;
  mimeType: string | null;
  sha256: string | null;
  fileName: string | null;
} | null {
  if (!isMediaKind(message.type)) return null;
  const mediaId = str(message.content.mediaId);
  if (!mediaId) return null;
  return {
    kind: message.type,
    mediaId,
    mimeType: str(message.content.mimeType),
    sha256: str(message.content.sha256),
    fileName: str(message.content.fileName),
  };
}

/**
 * CTEs to append to the ingestion statement, after its `bridged` CTE (the new messages row): the
 * media_files row and its job, plus the NOTIFY column for the final select. Empty for non-media.
 */
export function inboundMediaCtes(args: {
  instructorId: string | SQL;
  conversationId: string | SQL;
  message: NormalizedInboundMessage;
}): { ctes: SQL; notify: SQL } | null {
  const media = inboundMediaOf(args.message);
  if (!media) return null;
  const expiresAt = new Date(args.message.receivedAt.getTime() + MEDIA_ID_LIFETIME_MS).toISOString();
  const key = `${args.message.channel}:${args.message.externalMessageId}`;
  return {
    ctes: sql`, media as (
        insert into ${mediaFiles} (instructor_id, conversation_id, message_id, direction, whatsapp_media_id, kind, mime_type, expected_sha256, file_name, state, expires_at)
        select ${args.instructorId}, ${args.conversationId}, bridged.id, 'inbound', ${media.mediaId}, ${media.kind}, ${media.mimeType}, ${media.sha256}, ${media.fileName}, 'pending', ${expiresAt}::timestamptz
        from bridged
        returning id
      ), media_job as (${jobInsertSql({ kind: MEDIA_FETCH_JOB, key, payload: { channel: args.message.channel, externalMessageId: args.message.externalMessageId }, maxAttempts: MEDIA_FETCH_MAX_ATTEMPTS }, sql`media`)})`,
    notify: sql`, ${jobNotifySql(sql`media_job`, MEDIA_FETCH_JOB)} as media_notified`,
  };
}

export type FetchOutcome = "stored" | "already" | "retry" | "failed" | "expired" | "gone";

class RetryLater extends Error {}

/** Plain words for the thread. */
const EXPIRED_MESSAGE =
  "WhatsApp no longer has this file (media ids expire 7 days after the message). Ask the customer to send it again.";

/**
 * One attempt to fetch one inbound media file. Throws RetryLater (through the job handler) when a later
 * attempt may succeed; records a definite outcome on the row otherwise.
 */
export async function fetchInboundMedia({
  channel,
  externalMessageId,
  attempt,
  maxAttempts,
  config = sendConfigFromEnv(),
  storage = mediaStorageFromEnv(),
  now = new Date(),
  database = defaultDb,
}: {
  channel: string;
  externalMessageId: string;
  attempt: number;
  maxAttempts: number;
  config?: SendConfig;
  storage?: MediaStorage;
  now?: Date;
  database?: DbOrTx;
}): Promise<FetchOutcome> {
  const [row] = await database
    .select({ media: mediaFiles })
    .from(mediaFiles)
    .innerJoin(messages, and(eq(messages.id, mediaFiles.messageId), eq(messages.instructorId, mediaFiles.instructorId)))
    .where(
      and(
        eq(messages.channel, channel as "whatsapp"),
        eq(messages.externalMessageId, externalMessageId),
        eq(mediaFiles.direction, "inbound"),
      ),
    )
    .limit(1);
  if (!row) return "gone";
  const media = row.media;
  if (media.state === "stored") return "already";

  const record = async (state: "failed" | "expired" | "pending", lastError: string) => {
    await database
      .update(mediaFiles)
      .set({ state, lastError, attempts: attempt, updatedAt: now })
      .where(and(eq(mediaFiles.id, media.id), sql`${mediaFiles.state} <> 'stored'`));
    if (state !== "pending") {
      await recordAuditEvent(database, {
        instructorId: media.instructorId,
        actorUserId: null,
        action: `media.${state}`,
        entityType: "media",
        entityId: media.id,
        data: { attempt, reason: lastError },
      });
    }
  };
  const retryOrFail = async (reason: string): Promise<FetchOutcome> => {
    if (attempt >= maxAttempts) {
      await record("failed", `Could not load the file after ${attempt} tries (${reason}).`);
      return "failed";
    }
    await record("pending", reason);
    throw new RetryLater(reason);
  };

  if (media.expiresAt && now.getTime() > media.expiresAt.getTime()) {
    await record("expired", EXPIRED_MESSAGE);
    return "expired";
  }
  if (!media.whatsappMediaId || !isMediaKind(media.kind)) {
    await record("failed", "The message named no file to fetch.");
    return "failed";
  }
  if (!config.accessToken) return retryOrFail("WhatsApp is not configured on this server (no access token)");
  const connection = { graphUrl: config.graphUrl, accessToken: config.accessToken, timeoutMs: config.timeoutMs };

  const meta = await getMediaMetadata({ ...connection, mediaId: media.whatsappMediaId });
  if (!meta.ok) {
    // Graph does not know the id (code 100): it expired or never existed; trying again will not help.
    if (meta.error?.code === 100 && meta.httpStatus !== null && meta.httpStatus < 500) {
      await record("expired", EXPIRED_MESSAGE);
      return "expired";
    }
    if (!meta.retryable) {
      await record(
        "failed",
        `WhatsApp refused to give the file: ${meta.error?.message.replace(/^Not sent: /, "") ?? meta.detail}`,
      );
      return "failed";
    }
    return retryOrFail(meta.detail);
  }
  const limit = MEDIA_MAX_BYTES[media.kind];
  if (meta.metadata.file_size !== undefined && meta.metadata.file_size > limit) {
    await record(
      "failed",
      `The file is too large to keep (${meta.metadata.file_size} bytes; at most ${limit} for this kind).`,
    );
    return "failed";
  }

  // The url lives 5 minutes: download it right away, in this same attempt.
  const download = await downloadMedia({ ...connection, url: meta.metadata.url, maxBytes: limit });
  if (!download.ok) {
    if ("tooLarge" in download && download.tooLarge) {
      await record("failed", `The file is too large to keep (at most ${limit} bytes for this kind).`);
      return "failed";
    }
    return retryOrFail(download.detail);
  }
  const expected = sha256Hex(meta.metadata.sha256) ?? sha256Hex(media.expectedSha256);
  if (expected && expected !== download.sha256) {
    // A corrupted transfer is worth another try; the same mismatch every time ends as failed.
    return retryOrFail("the file's checksum (sha256) did not match what WhatsApp announced");
  }

  const storageKey = `${media.instructorId}/${media.id}`;
  const mimeType = meta.metadata.mime_type || media.mimeType || "application/octet-stream";
  try {
    await storage.put(storageKey, download.bytes, mimeType);
  } catch (err) {
    logger.warn({ err, mediaId: media.id }, "media storage failed");
    return retryOrFail("the file could not be stored here");
  }
  await database
    .update(mediaFiles)
    .set({
      state: "stored",
      storageKey,
      mimeType,
      byteSize: download.bytes.length,
      sha256: download.sha256,
      attempts: attempt,
      lastError: null,
      updatedAt: new Date(),
    })
    .where(eq(mediaFiles.id, media.id));
  return "stored";
}

/** The `media_fetch` job handler (payload { channel, externalMessageId }); config and storage from the environment unless given. */
export function mediaFetchHandler(deps: { config?: SendConfig; storage?: MediaStorage } = {}) {
  return async (payload: Record<string, unknown>, job: JobContext): Promise<void> => {
    const channel = str(payload.channel);
    const externalMessageId = str(payload.externalMessageId);
    if (!channel || !externalMessageId) return;
    await fetchInboundMedia({
      channel,
      externalMessageId,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      ...deps,
    });
  };
}

export function registerMediaFetchJob(deps: { config?: SendConfig; storage?: MediaStorage } = {}): void {
  registerJobHandler(MEDIA_FETCH_JOB, mediaFetchHandler(deps));
}

export type RetryMediaResult =
  { kind: "ok"; message: string } | { kind: "not_found"; message: string } | { kind: "conflict"; message: string };

/** "Could not load — retry": queue the fetch again now (allowed for a failed file whose id has not expired). */
export async function retryMediaFetch({
  instructorId,
  userId,
  mediaFileId,
  now = new Date(),
}: {
  instructorId: string;
  userId: string;
  mediaFileId: string;
  now?: Date;
}): Promise<RetryMediaResult> {
  return defaultDb.transaction(async (tx) => {
    const [row] = await tx
      .select({ media: mediaFiles, channel: messages.channel, externalMessageId: messages.externalMessageId })
      .from(mediaFiles)
      .innerJoin(messages, eq(messages.id, mediaFiles.messageId))
      .where(
        and(
          eq(mediaFiles.id, mediaFileId),
          eq(mediaFiles.instructorId, instructorId),
          eq(mediaFiles.direction, "inbound"),
        ),
      )
      .for("update");
    if (!row || !row.externalMessageId) return { kind: "not_found", message: "Not found." };
    if (row.media.state === "stored") return { kind: "conflict", message: "This file is already loaded." };
    if (row.media.state === "expired" || (row.media.expiresAt && now > row.media.expiresAt))
      return { kind: "conflict", message: EXPIRED_MESSAGE };
    await tx
      .update(mediaFiles)
      .set({ state: "pending", lastError: null, updatedAt: now })
      .where(eq(mediaFiles.id, mediaFileId));
    await enqueueJob(tx, {
      kind: MEDIA_FETCH_JOB,
      key: `${row.channel}:${row.externalMessageId}`,
      payload: { channel: row.channel, externalMessageId: row.externalMessageId },
      maxAttempts: MEDIA_FETCH_MAX_ATTEMPTS,
    });
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "media.retry",
      entityType: "media",
      entityId: mediaFileId,
      data: {},
    });
    return { kind: "ok", message: "Loading the file again…" };
  });
}
