/**
 * GET /api/media/:id: a stored media file, only to the signed-in instructor who owns it (404 for anyone
 * else, and for a file not loaded yet). Served with its stored type when the browser shows it as media,
 * else as a download; never sniffed, never rendered as a page (nosniff, a sandboxing CSP).
 */
import { getStoredMedia } from "@/db/media/thread-media";
import { AppError } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";
import { logger } from "@/server/logger";
import { isUuid } from "@/lib/validation/is-uuid";
import { contentDisposition, safeFileName, serveHeaders } from "@/lib/whatsapp/media-policy";
import { mediaStorageFromEnv } from "@/server/media-storage";

export const dynamic = "force-dynamic";

const EXTENSIONS: Record<string, string> = {
  image: "jpg",
  audio: "ogg",
  video: "mp4",
  sticker: "webp",
  document: "bin",
};

const notFound = () => new AppError("not_found").toResponse();

export const GET = signedInRoute({
  name: "GET /api/media/:mediaId",
  handler: async ({ instructorId, params: { mediaId } }) => {
    if (!isUuid(mediaId)) return notFound();
    const media = await getStoredMedia({ instructorId, mediaFileId: mediaId });
    if (!media) return notFound();
    let bytes: Buffer | null;
    try {
      bytes = await mediaStorageFromEnv().get(media.storageKey!);
    } catch (err) {
      logger.error({ err, mediaId }, "media storage read failed");
      return new AppError("unavailable", "The file could not be read just now. Try again.").toResponse();
    }
    if (!bytes) return notFound();
    const { contentType, disposition } = serveHeaders({ kind: media.kind, mimeType: media.mimeType });
    const name = safeFileName(
      media.fileName,
      `${media.kind}-${media.id.slice(0, 8)}.${EXTENSIONS[media.kind] ?? "bin"}`,
    );
    return new Response(new Uint8Array(bytes), {
      headers: {
        "content-type": contentType,
        "content-length": String(bytes.length),
        "content-disposition": contentDisposition(disposition, name),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": "private, max-age=3600",
      },
    });
  },
});
