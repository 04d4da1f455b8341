/**
 * `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw request bytes with the app secret
 * (PRODUCT.md, Interfaces). Compared in constant time.
 *
 * Meta signs some payloads over a unicode-escaped form of the body (every non-ASCII character written as
 * `\uXXXX`, lower-case hex, UTF-16 code units as JSON does), while sending the body unescaped; so when
 * the body has non-ASCII characters the escaped form is accepted too. Pure (node:crypto only).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/** The body as Meta escapes it: non-ASCII UTF-16 code units as `\uXXXX` with lower-case hex. */
export function unicodeEscapeBody(body: string): string {
  // eslint-disable-next-line no-control-regex
  return body.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function signBody(body: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

function digestMatches(expectedHex: Buffer, body: Uint8Array | string, appSecret: string): boolean {
  const actual = createHmac("sha256", appSecret).update(body).digest();
  return actual.length === expectedHex.length && timingSafeEqual(actual, expectedHex);
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte > 0x7f) return true;
  return false;
}

/** True when `signatureHeader` is a valid signature of `rawBody` (or of its unicode-escaped form). */
export function verifySignature({
  rawBody,
  signatureHeader,
  appSecret,
}: {
  rawBody: Uint8Array;
  signatureHeader: string | null | undefined;
  appSecret: string;
}): boolean {
  if (!signatureHeader || !appSecret) return false;
  const match = SIGNATURE_PATTERN.exec(signatureHeader.trim());
  if (!match) return false;
  const expected = Buffer.from(match[1]!, "hex");
  if (digestMatches(expected, rawBody, appSecret)) return true;
  if (!hasNonAscii(rawBody)) return false;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(rawBody);
  } catch {
    return false;
  }
  return digestMatches(expected, unicodeEscapeBody(text), appSecret);
}
