/**
 * Opaque keyset cursors for the inbox, customer and thread lists: base64url JSON of the last row's sort
 * keys. Checked on the way back in, so a forged or stale cursor answers 400 instead of reaching SQL.
 */
import { isTimestampText } from "@/lib/validation/is-timestamp-text";
import { isUuid } from "@/lib/validation/is-uuid";

export interface Cursor {
  /** The sort key: a timestamp as Postgres text (keeps microseconds, which a JS Date would lose), or a name. */
  t: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/**
 * null when the cursor is not one we issued (the API answers 400). `t` is a timestamp for the inbox
 * and thread cursors, and free text (a display name) for the customer list.
 */
export function decodeCursor(raw: string, kind: "timestamp" | "text" = "timestamp"): Cursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof parsed.t !== "string" || parsed.t.length > 300 || typeof parsed.id !== "string" || !isUuid(parsed.id))
      return null;
    if (kind === "timestamp" && !isTimestampText(parsed.t)) return null;
    return { t: parsed.t, id: parsed.id };
  } catch {
    return null;
  }
}

export interface ThreadCursor {
  /** WhatsApp time, storage time, id of the oldest message loaded. */
  t: string;
  c: string;
  id: string;
}

export function encodeThreadCursor(cursor: ThreadCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** null when the cursor is not one we issued (the API answers 400). */
export function decodeThreadCursor(raw: string): ThreadCursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<ThreadCursor>;
    if (typeof parsed.t !== "string" || typeof parsed.c !== "string" || typeof parsed.id !== "string") return null;
    if (!isTimestampText(parsed.t) || !isTimestampText(parsed.c) || !isUuid(parsed.id)) return null;
    return { t: parsed.t, c: parsed.c, id: parsed.id };
  } catch {
    return null;
  }
}
