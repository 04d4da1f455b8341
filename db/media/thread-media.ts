import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { mediaFiles } from "@/db/schema";
import type { MediaState } from "@/lib/vocabulary";

/** What the thread shows of a message's file; the bytes come from /api/media/:id. */
export interface ThreadMedia {
  id: string;
  kind: string;
  state: MediaState;
  mimeType: string | null;
  fileName: string | null;
  byteSize: number | null;
  /** Plain words when it could not be loaded (or is being retried). */
  lastError: string | null;
  attempts: number;
}

/** The files of a page of messages, by message id (one query, tenant-scoped). */
export async function mediaForMessages({
  instructorId,
  messageIds,
}: {
  instructorId: string;
  messageIds: string[];
}): Promise<Map<string, ThreadMedia>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select({
      messageId: mediaFiles.messageId,
      id: mediaFiles.id,
      kind: mediaFiles.kind,
      state: mediaFiles.state,
      mimeType: mediaFiles.mimeType,
      fileName: mediaFiles.fileName,
      byteSize: mediaFiles.byteSize,
      lastError: mediaFiles.lastError,
      attempts: mediaFiles.attempts,
    })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.instructorId, instructorId), inArray(mediaFiles.messageId, messageIds)));
  return new Map(rows.map(({ messageId, ...media }) => [messageId, media]));
}

/** A stored file of this instructor, for serving; null for anything else (another tenant's, not stored yet). */
export async function getStoredMedia({ instructorId, mediaFileId }: { instructorId: string; mediaFileId: string }) {
  const [row] = await db
    .select()
    .from(mediaFiles)
    .where(
      and(eq(mediaFiles.id, mediaFileId), eq(mediaFiles.instructorId, instructorId), eq(mediaFiles.state, "stored")),
    );
  return row?.storageKey ? row : null;
}
