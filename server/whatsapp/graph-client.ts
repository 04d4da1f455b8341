/**
 * The WhatsApp Cloud API client (touches the network). Two calls on `POST {graphUrl}/{phone_number_id}/messages`:
 * send a text message, and mark an inbound message as read.
 *
 * Every call ends in one of three outcomes, because "exactly once" depends on telling them apart:
 * - `sent` / `ok`: Graph answered 2xx with what we expected.
 * - `rejected`: DEFINITELY not sent. Either the request never fully left this process (connection
 *   refused, DNS failure, reset or timeout before the whole body was written: Graph cannot act on half a
 *   request), or Graph answered 4xx with a Graph error object.
 * - `unknown`: it MAY have been sent. Timeout or connection loss after the request was written, a 5xx,
 *   or an answer we cannot read. The caller must never resend automatically.
 *
 * Built on node:http(s) rather than fetch so that "was the request written?" is observable
 * (ClientRequest 'finish'), which fetch does not expose.
 */
import "server-only";
import http from "node:http";
import https from "node:https";
import {
  isGraphErrorPayload,
  mapGraphError,
  unreachableGraphError,
  type GraphErrorState,
} from "@/lib/whatsapp/graph-errors";

export interface GraphConnection {
  /** Base URL including the version, e.g. "https://graph.facebook.com/v23.0" (WHATSAPP_GRAPH_URL). */
  graphUrl: string;
  accessToken: string;
  timeoutMs: number;
  /** The business phone number id that sends (the instructor's `whatsapp_phone_number_id`). */
  phoneNumberId: string;
}

export type UnknownReason = "timeout" | "connection_lost" | "server_error" | "unexpected_response";

export interface GraphRejected {
  outcome: "rejected";
  error: GraphErrorState;
}

export interface GraphUnknown {
  outcome: "unknown";
  reason: UnknownReason;
  /** Plain words: what happened, for logs, audit and the message's status_error. */
  detail: string;
  httpStatus: number | null;
  /** The Graph error object, when a 5xx carried one. */
  error: GraphErrorState | null;
}

export type SendTextMessageResult =
  { outcome: "sent"; wamid: string; waId: string | null; httpStatus: number } | GraphRejected | GraphUnknown;

export type MarkMessageReadResult = { outcome: "ok" } | GraphRejected | GraphUnknown;

type PostResult = { outcome: "ok"; httpStatus: number; body: unknown } | GraphRejected | GraphUnknown;

/** WhatsApp's limit for a text message body. */
export const WHATSAPP_TEXT_MAX_LENGTH = 4096;
const MAX_RESPONSE_BYTES = 1024 * 1024;

function messagesUrl(graphUrl: string, phoneNumberId: string): URL {
  return new URL(`${graphUrl.replace(/\/+$/, "")}/${encodeURIComponent(phoneNumberId)}/messages`);
}

function postGraph({
  url,
  accessToken,
  timeoutMs,
  body,
}: {
  url: URL;
  accessToken: string;
  timeoutMs: number;
  body: unknown;
}): Promise<PostResult> {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body), "utf8");
    const transport = url.protocol === "https:" ? https : http;
    // True once the whole request is handed to the OS: from then on Graph may have acted on it.
    let requestWritten = false;
    let settled = false;
    const settle = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };

    const req = transport.request(url, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${accessToken}`,
        "Content-Type": "application/json",
        "Content-Length": payload.length,
        Accept: "application/json",
      },
    });

    const timer = setTimeout(() => {
      const written = requestWritten;
      settle(
        written
          ? {
              outcome: "unknown",
              reason: "timeout",
              detail: `no answer from WhatsApp within ${timeoutMs} ms`,
              httpStatus: null,
              error: null,
            }
          : {
              outcome: "rejected",
              error: unreachableGraphError({ detail: `timeout after ${timeoutMs} ms before the request was sent` }),
            },
      );
      req.destroy();
    }, timeoutMs);

    req.on("finish", () => {
      requestWritten = true;
    });

    req.on("error", (err: NodeJS.ErrnoException) => {
      const detail = err.code ?? err.message;
      if (!requestWritten) settle({ outcome: "rejected", error: unreachableGraphError({ detail }) });
      else
        settle({
          outcome: "unknown",
          reason: "connection_lost",
          detail: `connection lost after the request was sent (${detail})`,
          httpStatus: null,
          error: null,
        });
    });

    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      res.on("error", (err: NodeJS.ErrnoException) => {
        settle({
          outcome: "unknown",
          reason: "connection_lost",
          detail: `connection lost while reading the answer (${err.code ?? err.message})`,
          httpStatus: status,
          error: null,
        });
      });
      res.on("aborted", () => {
        settle({
          outcome: "unknown",
          reason: "connection_lost",
          detail: "connection lost while reading the answer",
          httpStatus: status,
          error: null,
        });
      });
      res.on("close", () => {
        // 'end' settles first on a complete answer; a close without it means the answer was lost.
        settle({
          outcome: "unknown",
          reason: "connection_lost",
          detail: "connection closed before the whole answer arrived",
          httpStatus: status,
          error: null,
        });
      });
      res.on("end", () => {
        if (!res.complete) {
          settle({
            outcome: "unknown",
            reason: "connection_lost",
            detail: "the answer was cut off",
            httpStatus: status,
            error: null,
          });
          return;
        }
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        settle(classifyResponse(status, parsed, text));
      });
    });

    req.end(payload);
  });
}

function classifyResponse(status: number, parsed: unknown, text: string): PostResult {
  if (status >= 200 && status < 300) {
    if (parsed === undefined) {
      return {
        outcome: "unknown",
        reason: "unexpected_response",
        detail: `HTTP ${status} with a body that is not JSON`,
        httpStatus: status,
        error: null,
      };
    }
    return { outcome: "ok", httpStatus: status, body: parsed };
  }
  const graphError = isGraphErrorPayload(parsed) ? mapGraphError({ payload: parsed, httpStatus: status }) : null;
  if (status >= 400 && status < 500 && graphError) {
    // Graph looked at the request and refused it: nothing was sent.
    return { outcome: "rejected", error: graphError };
  }
  if (status >= 500) {
    return {
      outcome: "unknown",
      reason: "server_error",
      detail: `WhatsApp answered HTTP ${status}${graphError ? ` (${graphError.code}${graphError.title ? ` ${graphError.title}` : ""})` : ""}`,
      httpStatus: status,
      error: graphError,
    };
  }
  // A 4xx without a Graph error (a proxy?), a 3xx...: we cannot say whether Graph saw it.
  return {
    outcome: "unknown",
    reason: "unexpected_response",
    detail: `unexpected answer HTTP ${status}: ${text.slice(0, 200)}`,
    httpStatus: status,
    error: null,
  };
}

/** E.164 with the leading "+", from a wa_id ("393331234567") or an E.164 number. */
export function toWhatsAppRecipient(identity: string): string {
  const digits = identity.replace(/[^\d]/g, "");
  return `+${digits}`;
}

/** Send a free-form text message. Returns the outbound wamid (`messages[0].id`) when Graph accepted it. */
export async function sendTextMessage({
  body,
  ...connection
}: GraphConnection & { to: string; body: string }): Promise<SendTextMessageResult> {
  return sendWhatsAppMessage({ ...connection, message: { type: "text", text: { body } } });
}

/**
 * The message part of a send: `{ type: "text", text }`, `{ type: "template", template }`,
 * `{ type: "image", image: { id, caption } }`, `{ type: "document", document: { id, filename, caption } }`.
 */
export type OutboundGraphMessage = { type: string } & Record<string, unknown>;

/** Send any message type with the same exactly-once outcome classification as a text. */
export async function sendWhatsAppMessage({
  graphUrl,
  accessToken,
  phoneNumberId,
  to,
  message,
  timeoutMs,
}: GraphConnection & { to: string; message: OutboundGraphMessage }): Promise<SendTextMessageResult> {
  const result = await postGraph({
    url: messagesUrl(graphUrl, phoneNumberId),
    accessToken,
    timeoutMs,
    body: { messaging_product: "whatsapp", recipient_type: "individual", to, ...message },
  });
  if (result.outcome !== "ok") return result;
  const answer = result.body as { messages?: { id?: unknown }[]; contacts?: { wa_id?: unknown }[] } | null;
  const wamid = answer?.messages?.[0]?.id;
  if (typeof wamid !== "string" || !wamid) {
    // Graph said 2xx but gave no message id: it may well have sent it, and we could not track it.
    return {
      outcome: "unknown",
      reason: "unexpected_response",
      detail: `HTTP ${result.httpStatus} without messages[0].id`,
      httpStatus: result.httpStatus,
      error: null,
    };
  }
  const waId = answer?.contacts?.[0]?.wa_id;
  return { outcome: "sent", wamid, waId: typeof waId === "string" ? waId : null, httpStatus: result.httpStatus };
}

/** Mark an inbound message (and the ones before it) as read: the customer sees blue ticks. */
export async function markMessageRead({
  graphUrl,
  accessToken,
  phoneNumberId,
  messageId,
  timeoutMs,
}: GraphConnection & { messageId: string }): Promise<MarkMessageReadResult> {
  const result = await postGraph({
    url: messagesUrl(graphUrl, phoneNumberId),
    accessToken,
    timeoutMs,
    body: { messaging_product: "whatsapp", status: "read", message_id: messageId },
  });
  if (result.outcome !== "ok") return result;
  const success = (result.body as { success?: unknown } | null)?.success;
  if (success !== true) {
    return {
      outcome: "unknown",
      reason: "unexpected_response",
      detail: `HTTP ${result.httpStatus} without success: true`,
      httpStatus: result.httpStatus,
      error: null,
    };
  }
  return { outcome: "ok" };
}
