/**
 * Graph API (WhatsApp Cloud API) error payloads → plain states the inbox can show. Pure.
 *
 * Meta asks apps to branch on `code` (and `error_data.details`), never on titles: titles live only
 * inside `message` ("(#131047) Re-engagement message") and are being deprecated. A synchronous error
 * looks like `{ error: { message, type, code, error_data: { messaging_product, details },
 * error_subcode?, fbtrace_id } }`; a webhook error (statuses[].errors[], value.errors[]) is
 * `{ code, title, message, error_data: { details }, href }`. Both are accepted here.
 */

export type GraphErrorKind =
  | "window_closed" // 131047: more than 24 h since the customer last wrote
  | "undeliverable" // 131026: not on WhatsApp, old app, terms not accepted, or blocked
  | "rate_limited" // 130429 throughput, 131056 pair rate, 80007 account rate
  | "bad_token" // 190: access token expired or invalid
  | "unreachable" // no connection to Graph at all (the request never left)
  | "template" // 1320xx: the template message does not match an approved template
  | "other";

export interface GraphErrorState {
  kind: GraphErrorKind;
  /** Graph's numeric error code, null when there was none (network, non-Graph answer). */
  code: number | null;
  /** The code's title ("Re-engagement message"), from `title` or the "(#code) title" message. */
  title: string | null;
  /** `error_data.details`: Meta's most specific explanation, when present. */
  details: string | null;
  /** What the instructor reads, in plain words. */
  message: string;
  /** True when waiting and trying again may succeed (rate limits). */
  retryable: boolean;
  httpStatus: number | null;
  fbtraceId: string | null;
}

/** Template errors in plain words, each with what to do next. */
const TEMPLATE_ERRORS: Record<number, string> = {
  132000:
    "Not sent: the number of values does not match the template's variables. Press “Refresh templates” in Settings (the template may have changed), then fill in every field.",
  132001:
    "Not sent: this template does not exist in this language (or is not approved yet). Press “Refresh templates” in Settings and pick a template listed for the customer's language.",
  132005:
    "Not sent: with your values filled in, the message is too long for this template. Shorten the values and send again.",
  132007:
    "Not sent: the filled-in text breaks WhatsApp's formatting rules for templates. Remove line breaks, tabs, repeated spaces or unusual characters from the values.",
  132012:
    "Not sent: a value does not have the format the template expects (for example the template needs a header image). Check the values, or choose a template without a picture header.",
  132015:
    "Not sent: WhatsApp has paused this template because of low quality ratings. Choose another template, or edit this one in WhatsApp Manager.",
  132016:
    "Not sent: WhatsApp has disabled this template permanently (it was paused too often). Choose another template.",
};

const RATE_LIMIT_CODES = new Set([130429, 131056, 80007]);

interface RawGraphError {
  code?: unknown;
  title?: unknown;
  message?: unknown;
  error_data?: { details?: unknown } | null;
  fbtrace_id?: unknown;
}

function asRawError(payload: unknown): RawGraphError | null {
  if (!payload || typeof payload !== "object") return null;
  const outer = payload as { error?: unknown; errors?: unknown };
  if (outer.error && typeof outer.error === "object") return outer.error as RawGraphError;
  if (Array.isArray(outer.errors) && outer.errors[0] && typeof outer.errors[0] === "object") {
    return outer.errors[0] as RawGraphError;
  }
  if ("code" in (payload as object)) return payload as RawGraphError;
  return null;
}

/** True when the payload is a Graph error object (synchronous `{error:{code}}` or a webhook error entry). */
export function isGraphErrorPayload(payload: unknown): boolean {
  const raw = asRawError(payload);
  return raw !== null && typeof raw.code === "number";
}

function titleOf(raw: RawGraphError): string | null {
  if (typeof raw.title === "string" && raw.title.trim()) return raw.title.trim();
  if (typeof raw.message !== "string") return null;
  // Graph puts the title after the code: "(#131047) Re-engagement message".
  const m = /^\(#\d+\)\s*(.+)$/.exec(raw.message.trim());
  return (m ? m[1]! : raw.message).trim() || null;
}

function stringOrNull(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

/** Map a Graph error payload (or a webhook `errors[]` entry) to a plain state. */
export function mapGraphError({
  payload,
  httpStatus = null,
}: {
  payload: unknown;
  httpStatus?: number | null;
}): GraphErrorState {
  const raw = asRawError(payload);
  const code = raw && typeof raw.code === "number" ? raw.code : null;
  const title = raw ? titleOf(raw) : null;
  const details = raw ? stringOrNull(raw.error_data?.details) : null;
  const fbtraceId = raw ? stringOrNull(raw.fbtrace_id) : null;
  const base = { code, title, details, httpStatus, fbtraceId };

  if (code === 131047) {
    return {
      ...base,
      kind: "window_closed",
      retryable: false,
      message:
        "Not sent: the customer's 24-hour window has closed (WhatsApp error 131047). WhatsApp only accepts a free-form reply within 24 hours of the customer's last message: send an approved template instead, or wait for the customer to write.",
    };
  }
  const template = code !== null ? TEMPLATE_ERRORS[code] : undefined;
  if (template) return { ...base, kind: "template", retryable: false, message: `${template} (WhatsApp error ${code})` };
  if (code === 131026) {
    return {
      ...base,
      kind: "undeliverable",
      retryable: false,
      message:
        "Not delivered: WhatsApp could not deliver this message to the customer's number (WhatsApp error 131026). The number may not be on WhatsApp, the app may be outdated, or the customer has blocked this number.",
    };
  }
  if (code !== null && RATE_LIMIT_CODES.has(code)) {
    return {
      ...base,
      kind: "rate_limited",
      retryable: true,
      message:
        code === 131056
          ? "Not sent: too many messages to this customer in a short time (WhatsApp error 131056). Wait a little and try again."
          : `Not sent: WhatsApp's sending rate limit was hit (WhatsApp error ${code}). Wait a little and try again.`,
    };
  }
  if (code === 190) {
    return {
      ...base,
      kind: "bad_token",
      retryable: false,
      message:
        "Not sent: the WhatsApp access token is invalid or has expired (WhatsApp error 190). Replace WHATSAPP_ACCESS_TOKEN with a valid token.",
    };
  }
  const label =
    code !== null ? `WhatsApp error ${code}${title ? `: ${title}` : ""}` : (title ?? `HTTP ${httpStatus ?? "error"}`);
  return { ...base, kind: "other", retryable: false, message: `Not sent: ${label}.` };
}

/** The request never reached Graph (connection refused, DNS failure): definitely not sent. */
export function unreachableGraphError({ detail }: { detail: string }): GraphErrorState {
  return {
    kind: "unreachable",
    code: null,
    title: null,
    details: detail,
    message: `Not sent: could not connect to WhatsApp (${detail}). Nothing left this server; you can try again.`,
    retryable: true,
    httpStatus: null,
    fbtraceId: null,
  };
}

const NEXT_STEP: Record<GraphErrorKind, string> = {
  window_closed:
    "What to do: send an approved template from the composer, or wait for the customer to write again (that reopens the window).",
  template:
    "What to do: press “Refresh templates” in Settings, then choose a template listed for the customer's language.",
  undeliverable: "What to do: check the number with the customer, or reach them another way.",
  rate_limited: "What to do: wait a few minutes, then approve the draft again.",
  bad_token: "What to do: ask whoever set up WhatsApp to replace the access token, then approve the draft again.",
  unreachable: "What to do: try again in a moment.",
  other: "What to do: check the chat on your phone; you can edit the draft and approve it again.",
};

/**
 * An asynchronous `failed` status (statuses[].errors[]): WhatsApp accepted the message, then could not
 * deliver it. Meta's reason in plain words, and what the instructor can do next.
 */
export function failedStatusMessage(errors: unknown[] | undefined): { state: GraphErrorState; message: string } {
  const state = mapGraphError({ payload: { errors: errors ?? [] } });
  const reason =
    state.code === null && state.kind === "other"
      ? "Not delivered: WhatsApp reported a failure without a reason."
      : state.message.replace(/^Not sent:/, "Not delivered:");
  return { state, message: `${reason} ${NEXT_STEP[state.kind]}` };
}
