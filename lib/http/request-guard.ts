/**
 * The app's own mutation routes refuse what a browser would send on another site's behalf (a forged
 * post), and bodies that are not small JSON. Pure: proxy.ts calls it with the request's parts.
 * Hand-written rather than a CSRF-token library: the Fetch metadata and Origin headers every current
 * browser sends on a cross-site POST are enough here, and the session cookie is already SameSite=Lax.
 */
import { AppError } from "./api-errors";

/** JSON bodies the inbox sends are a few KB (a 4,096-character reply at most): 64 KB is generous. */
export const MAX_API_BODY_BYTES = 64 * 1024;
export const MAX_REQUEST_ID_LENGTH = 128;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Their own rules: WhatsApp signs its posts; better-auth checks origins itself (trustedOrigins). */
const EXEMPT_PREFIXES = ["/api/webhook/", "/api/auth/"];

export interface GuardInput {
  method: string;
  pathname: string;
  headers: Headers;
  /** APP_URL in production (the public address behind a proxy); null elsewhere. */
  appUrl: string | null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** True when `origin` is the address this request was sent to, or the configured public address. */
function isOwnOrigin(origin: string, headers: Headers, appUrl: string | null): boolean {
  const parsed = originOf(origin);
  if (!parsed) return false;
  const host = headers.get("host");
  if (host && new URL(parsed).host === host) return true;
  return appUrl !== null && parsed === originOf(appUrl);
}

/** null when the request may go on; otherwise the refusal (403 forbidden, 415, 413). */
export function checkApiRequest({ method, pathname, headers, appUrl }: GuardInput): AppError | null {
  if (!pathname.startsWith("/api/") || SAFE_METHODS.has(method.toUpperCase())) return null;
  if (EXEMPT_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return null;

  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return new AppError("forbidden");
  const origin = headers.get("origin");
  if (origin !== null && !isOwnOrigin(origin, headers, appUrl)) return new AppError("forbidden");

  const length = headers.get("content-length");
  const hasBody = (length !== null && length !== "0") || headers.has("transfer-encoding");
  if (hasBody) {
    const type = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") return new AppError("unsupported_media_type");
    if (length !== null && Number(length) > MAX_API_BODY_BYTES)
      return new AppError("payload_too_large", `The request is larger than ${MAX_API_BODY_BYTES / 1024} KB.`);
  }
  return null;
}

/** A caller's x-request-id, kept only when short and plain (it is copied into every log line). */
export function boundedRequestId(value: string | null): string | null {
  if (!value || value.length > MAX_REQUEST_ID_LENGTH || !/^[A-Za-z0-9._:-]+$/.test(value)) return null;
  return value;
}
