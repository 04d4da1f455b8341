/**
 * Media rules, pure: WhatsApp's size limits per kind, how a stored file may be served (only types a
 * browser shows as media, never HTML/SVG/XML/script; documents as downloads), and what an instructor may
 * attach to a reply.
 */
import { MEDIA_KINDS, type MediaKind } from "@/lib/vocabulary";

export function isMediaKind(type: string): type is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(type);
}

const MB = 1024 * 1024;
/** WhatsApp Cloud API's supported-media limits (stickers: 500 KB animated, 100 KB static; we allow the larger). */
export const MEDIA_MAX_BYTES: Record<MediaKind, number> = {
  image: 5 * MB,
  audio: 16 * MB,
  video: 16 * MB,
  document: 100 * MB,
  sticker: 500 * 1024,
};

/** Webhook media ids stop working 7 days after the message. */
export const MEDIA_ID_LIFETIME_MS = 7 * 24 * 3_600_000;

const INLINE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "audio/ogg",
  "audio/opus",
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/amr",
  "video/mp4",
  "video/3gpp",
]);

/** The bare mime type, lower case, without parameters ("audio/ogg; codecs=opus" → "audio/ogg"). */
export function bareMimeType(mime: string | null | undefined): string {
  return (mime ?? "").split(";")[0]!.trim().toLowerCase();
}

export interface ServeHeaders {
  contentType: string;
  disposition: "inline" | "attachment";
}

/**
 * How to serve a stored file: media types the browser plays or shows go inline with their stored type
 * (codecs kept); everything else (PDFs, office files, and anything that could be rendered as a page:
 * HTML, SVG, XML) is a download, typed application/octet-stream unless it is a known document type.
 */
export function serveHeaders({ kind, mimeType }: { kind: string; mimeType: string | null }): ServeHeaders {
  const bare = bareMimeType(mimeType);
  if (kind !== "document" && INLINE_TYPES.has(bare)) {
    const safeParams = /^[a-z0-9.+/-]+(;\s*codecs=[a-z0-9.,\s"-]+)?$/i.test(mimeType ?? "") ? mimeType!.trim() : bare;
    return { contentType: safeParams, disposition: "inline" };
  }
  const download =
    /^(application\/(pdf|msword|vnd\.openxmlformats-officedocument\.[a-z.]+|vnd\.ms-excel|vnd\.ms-powerpoint|zip)|text\/plain)$/.test(
      bare,
    );
  return { contentType: download ? bare : "application/octet-stream", disposition: "attachment" };
}

/** A file name safe for Content-Disposition: no path, no control characters, at most 120 characters. */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(0, 120);
  return clean || fallback;
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / 5987). */
export function contentDisposition(disposition: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** What an instructor may attach to a reply, and as which WhatsApp message type. */
export const OUTBOUND_ATTACHMENT_TYPES: Record<string, "image" | "document"> = {
  "image/jpeg": "image",
  "image/png": "image",
  "application/pdf": "document",
  "text/plain": "document",
  "application/msword": "document",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
  "application/vnd.ms-excel": "document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "document",
  "application/vnd.ms-powerpoint": "document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "document",
};

export function outboundAttachmentKind(mime: string): "image" | "document" | null {
  return OUTBOUND_ATTACHMENT_TYPES[bareMimeType(mime)] ?? null;
}

/** "1.2 MB", "340 KB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/**
 * A sha256 as hex. `GET /{media_id}` gives hex; webhooks have been seen with base64
 * ("SfInY0…Fgk8="): both are accepted. Null when it is neither.
 */
export function sha256Hex(value: string | null | undefined): string | null {
  const v = (value ?? "").trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return v.toLowerCase();
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const bytes = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes.toString("hex");
  }
  return null;
}
