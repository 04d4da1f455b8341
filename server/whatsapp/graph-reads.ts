/**
 * Graph calls that are not message sends: the template listing, media metadata, media download and
 * media upload. None of them can send anything twice, so plain fetch (with a timeout) is enough here;
 * sends stay on server/whatsapp/graph-client.ts, which can tell "not sent" from "may have been sent".
 */
import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { isGraphErrorPayload, mapGraphError, type GraphErrorState } from "@/lib/whatsapp/graph-errors";
import { graphTemplateSchema, type GraphTemplate } from "@/lib/whatsapp/message-templates";

export interface GraphReadConfig {
  graphUrl: string;
  accessToken: string;
  timeoutMs: number;
}

export type GraphReadFailure = {
  ok: false;
  error: GraphErrorState | null;
  detail: string;
  httpStatus: number | null;
  retryable: boolean;
};

function failure(detail: string, httpStatus: number | null, body: unknown): GraphReadFailure {
  const error = isGraphErrorPayload(body) ? mapGraphError({ payload: body, httpStatus }) : null;
  // 4xx with a Graph error is a definite refusal; everything else (5xx, network, odd answers) may pass later.
  const retryable =
    httpStatus === null || httpStatus >= 500 || httpStatus === 429 || (error?.retryable ?? false) || !error;
  return { ok: false, error, detail: error ? `${detail}: ${error.message}` : detail, httpStatus, retryable };
}

function base(graphUrl: string): string {
  return graphUrl.replace(/\/+$/, "");
}

async function getJson(config: GraphReadConfig, url: string): Promise<{ ok: true; body: unknown } | GraphReadFailure> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${config.accessToken}`, Accept: "application/json" },
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (err) {
    return failure(`could not reach WhatsApp (${err instanceof Error ? err.name : "error"})`, null, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) return failure(`WhatsApp answered HTTP ${response.status}`, response.status, body);
  return { ok: true, body };
}

const listingSchema = z.object({
  data: z.array(z.unknown()).default([]),
  paging: z.object({ next: z.string().optional() }).loose().optional(),
});

/** Every APPROVED template of a WhatsApp Business Account, following `paging.next` (at most 20 pages). */
export async function listApprovedTemplates(
  config: GraphReadConfig & { businessAccountId: string },
): Promise<{ ok: true; templates: GraphTemplate[]; skipped: number } | GraphReadFailure> {
  const fields = "id,name,language,status,category,parameter_format,components";
  let url: string | undefined =
    `${base(config.graphUrl)}/${encodeURIComponent(config.businessAccountId)}/message_templates?fields=${fields}&status=APPROVED&limit=100`;
  const templates: GraphTemplate[] = [];
  let skipped = 0;
  for (let page = 0; url && page < 20; page++) {
    const answer = await getJson(config, url);
    if (!answer.ok) return answer;
    const listing = listingSchema.safeParse(answer.body);
    if (!listing.success) return failure("WhatsApp's template listing could not be read", 200, null);
    for (const item of listing.data.data) {
      const parsed = graphTemplateSchema.safeParse(item);
      // The status filter is a request; the answer is checked too, so a paused template is never offered.
      if (parsed.success && parsed.data.status.toUpperCase() === "APPROVED") templates.push(parsed.data);
      else skipped++;
    }
    url = listing.data.paging?.next;
  }
  return { ok: true, templates, skipped };
}

const mediaMetadataSchema = z.object({
  url: z.string().url(),
  mime_type: z.string().min(1),
  sha256: z.string().optional(),
  file_size: z.coerce.number().int().nonnegative().optional(),
  id: z.string().optional(),
});
export type MediaMetadata = z.infer<typeof mediaMetadataSchema>;

/** `GET /{media_id}`: a download url that lives 5 minutes, the mime type, sha256 and size. */
export async function getMediaMetadata(
  config: GraphReadConfig & { mediaId: string },
): Promise<{ ok: true; metadata: MediaMetadata } | GraphReadFailure> {
  const answer = await getJson(config, `${base(config.graphUrl)}/${encodeURIComponent(config.mediaId)}`);
  if (!answer.ok) return answer;
  const parsed = mediaMetadataSchema.safeParse(answer.body);
  if (!parsed.success) return failure("WhatsApp's media answer could not be read", 200, null);
  return { ok: true, metadata: parsed.data };
}

/** Download the bytes (bearer token required), refusing more than `maxBytes` before reading it all. */
export async function downloadMedia(
  config: GraphReadConfig & { url: string; maxBytes: number },
): Promise<
  { ok: true; bytes: Buffer; sha256: string; contentType: string | null } | (GraphReadFailure & { tooLarge?: boolean })
> {
  let response: Response;
  try {
    response = await fetch(config.url, {
      headers: { Authorization: `Bearer ${config.accessToken}` },
      signal: AbortSignal.timeout(config.timeoutMs * 6),
    });
  } catch (err) {
    return failure(`could not download the file (${err instanceof Error ? err.name : "error"})`, null, null);
  }
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => null);
    return failure(`the download answered HTTP ${response.status}`, response.status, body);
  }
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > config.maxBytes) {
    await response.body.cancel();
    return {
      ...failure(`the file is ${declared} bytes, more than the ${config.maxBytes} allowed`, response.status, null),
      retryable: false,
      tooLarge: true,
    };
  }
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > config.maxBytes) {
      await reader.cancel();
      return {
        ...failure(`the file is larger than the ${config.maxBytes} bytes allowed`, response.status, null),
        retryable: false,
        tooLarge: true,
      };
    }
    hash.update(value);
    chunks.push(Buffer.from(value));
  }
  return {
    ok: true,
    bytes: Buffer.concat(chunks),
    sha256: hash.digest("hex"),
    contentType: response.headers.get("content-type"),
  };
}

/** `POST /{phone_number_id}/media` (multipart): the media id to send by. */
export async function uploadMedia(
  config: GraphReadConfig & { phoneNumberId: string; bytes: Buffer; mimeType: string; fileName: string },
): Promise<{ ok: true; mediaId: string } | GraphReadFailure> {
  const form = new FormData();
  form.set("messaging_product", "whatsapp");
  form.set("type", config.mimeType);
  form.set("file", new Blob([new Uint8Array(config.bytes)], { type: config.mimeType }), config.fileName);
  let response: Response;
  try {
    response = await fetch(`${base(config.graphUrl)}/${encodeURIComponent(config.phoneNumberId)}/media`, {
      method: "POST",
      headers: { Authorization: `Bearer ${config.accessToken}` },
      body: form,
      signal: AbortSignal.timeout(config.timeoutMs * 6),
    });
  } catch (err) {
    return failure(`could not upload the file to WhatsApp (${err instanceof Error ? err.name : "error"})`, null, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) return failure(`the upload answered HTTP ${response.status}`, response.status, body);
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || !id) return failure("the upload answer had no media id", response.status, null);
  return { ok: true, mediaId: id };
}
