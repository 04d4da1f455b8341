import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { conversations, instructors, mediaFiles, messages } from "@/db/schema";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import { oneLine } from "@/lib/format/one-line";
import { bareMimeType, MEDIA_MAX_BYTES, outboundAttachmentKind, safeFileName } from "@/lib/whatsapp/media-policy";
import { mediaStorageFromEnv, type MediaStorage } from "@/server/media-storage";
import { uploadMedia } from "@/server/whatsapp/graph-reads";
import { isUuid } from "@/lib/validation/is-uuid";
import { sendConfigFromEnv, type SendConfig } from "./send-config";
import { NOT_FOUND_MESSAGE, type SendReplyResult } from "./send-result";
import { submitOutboundOnce } from "./submit-outbound-once";

export interface SendMediaMessageArgs {
  instructorId: string;
  userId: string;
  conversationId: string;
  file: { bytes: Buffer; mimeType: string; fileName: string };
  caption: string | null;
  idempotencyKey: string;
  config?: SendConfig;
  storage?: MediaStorage;
  now?: Date;
}

/**
 * Attach a photo or a document to a reply: kept here first (so the thread can show it), uploaded to
 * `/{phone_number_id}/media`, then sent by id through the same exactly-once path as every reply
 * (same key → one send; the upload of a repeated submit is skipped when its first submit is already stored).
 */
export async function sendMediaMessage({
  file,
  caption,
  storage = mediaStorageFromEnv(),
  config = sendConfigFromEnv(),
  ...args
}: SendMediaMessageArgs): Promise<SendReplyResult> {
  if (!isUuid(args.conversationId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const kind = outboundAttachmentKind(file.mimeType);
  if (!kind)
    return {
      kind: "invalid",
      message: "Only JPEG or PNG photos and documents (PDF, Word, Excel, PowerPoint, text) can be attached.",
    };
  if (file.bytes.length === 0) return { kind: "invalid", message: "The file is empty." };
  if (file.bytes.length > MEDIA_MAX_BYTES[kind])
    return {
      kind: "invalid",
      message: `The file is too large for WhatsApp (at most ${MEDIA_MAX_BYTES[kind] / (1024 * 1024)} MB for a ${kind === "image" ? "photo" : "document"}).`,
    };
  const text = caption?.trim() ? caption.trim() : null;
  if (text && text.length > 1024)
    return { kind: "invalid", message: "The caption is too long (at most 1024 characters)." };
  const fileName = safeFileName(file.fileName, kind === "image" ? "photo" : "document");
  const body = text ?? fileName;

  const [found] = await db
    .select({ phoneNumberId: instructors.whatsappPhoneNumberId, lastInboundAt: conversations.lastInboundAt })
    .from(conversations)
    .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
    .where(and(eq(conversations.id, args.conversationId), eq(conversations.instructorId, args.instructorId)));
  if (!found) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  // A repeated submit: no second upload; submitOutboundOnce answers with the first one's outcome.
  const [earlier] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.instructorId, args.instructorId), eq(messages.idempotencyKey, args.idempotencyKey.trim())));
  // Nothing is uploaded for a message that would be refused anyway (window closed, not configured).
  const windowClosed = !customerServiceWindow({ lastInboundAt: found.lastInboundAt, now: args.now ?? new Date() }).open;
  if (earlier || windowClosed || !config.accessToken || !found.phoneNumberId) {
    return submitOutboundOnce({
      ...args,
      config,
      body,
      requiresOpenWindow: true,
      auditAction: "message.media_submitted",
    });
  }

  const mediaFileId = randomUUID();
  const storageKey = `${args.instructorId}/${mediaFileId}`;
  const mimeType = bareMimeType(file.mimeType);
  await storage.put(storageKey, file.bytes, mimeType);
  const uploaded = await uploadMedia({
    graphUrl: config.graphUrl,
    accessToken: config.accessToken,
    timeoutMs: config.timeoutMs,
    phoneNumberId: found.phoneNumberId,
    bytes: file.bytes,
    mimeType,
    fileName,
  });
  if (!uploaded.ok) {
    const why = uploaded.error?.message.replace(/^Not sent: /, "") ?? uploaded.detail;
    return {
      kind: "invalid",
      message: `Not sent: the file could not be uploaded to WhatsApp (${why}). Nothing was sent; you can try again.`,
    };
  }
  const payload =
    kind === "image"
      ? { id: uploaded.mediaId, ...(text ? { caption: text } : {}) }
      : { id: uploaded.mediaId, filename: fileName, ...(text ? { caption: text } : {}) };
  const summary = oneLine(
    kind === "image" ? `Photo${text ? `: ${text}` : ""}` : `Document: ${fileName}${text ? ` — ${text}` : ""}`,
  );
  return submitOutboundOnce({
    ...args,
    config,
    body,
    row: {
      type: kind,
      summary,
      content: { mediaId: uploaded.mediaId, mimeType, fileName, ...(text ? { caption: text } : {}) },
    },
    message: { type: kind, [kind]: payload },
    requiresOpenWindow: true,
    auditAction: "message.media_submitted",
    auditData: { kind, mimeType, bytes: file.bytes.length },
    withRow: async (tx, messageId) => {
      await tx.insert(mediaFiles).values({
        id: mediaFileId,
        instructorId: args.instructorId,
        conversationId: args.conversationId,
        messageId,
        direction: "outbound",
        whatsappMediaId: uploaded.mediaId,
        kind,
        mimeType,
        fileName,
        byteSize: file.bytes.length,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        storageKey,
        state: "stored",
      });
    },
  });
}
