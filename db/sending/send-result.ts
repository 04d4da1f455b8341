/**
 * The typed outcomes of the sending functions, each with a `message` in plain words, and the HTTP status
 * an API route should answer with (routes stay thin: `resultResponse(result)` from lib/http/api-errors.ts).
 */
import type { DraftState, OutboundStatus } from "@/lib/vocabulary";
import { statusForKind } from "@/lib/http/api-errors";
import type { GraphErrorState } from "@/lib/whatsapp/graph-errors";

export type SendReplyResult =
  /** Graph accepted it; `wamid` is stored as messages.external_message_id. */
  | { kind: "sent"; draftId: string | null; outboundMessageId: string; wamid: string; message: string }
  /** No token (or no WhatsApp number): the approval is recorded, nothing was sent. */
  | { kind: "approved_not_sent"; draftId: string; message: string }
  /** Manual reply while sending is not configured: nothing stored, nothing sent. */
  | { kind: "not_configured"; message: string }
  /** Graph refused (or could not be reached): definitely not sent. */
  | { kind: "send_failed"; draftId: string | null; outboundMessageId: string; error: GraphErrorState; message: string }
  /** The answer was lost: may or may not have been sent. Never resent automatically. */
  | { kind: "unknown"; draftId: string | null; outboundMessageId: string; message: string }
  /** The same idempotency key was submitted before: this is that message, not a new one. */
  | { kind: "already_submitted"; outboundMessageId: string; status: OutboundStatus | null; message: string }
  /** The 24 h customer service window is closed: refused before calling anything. */
  | { kind: "window_closed"; closesAt: Date | null; message: string }
  /** Not this instructor's (or does not exist): never say which. */
  | { kind: "not_found"; message: string }
  /** The draft is not in a state that allows this (already sent, being sent, rejected...), or an idempotency key was reused for another message. */
  | { kind: "conflict"; state: DraftState | null; message: string }
  | { kind: "invalid"; message: string };

export type DraftDecisionResult =
  | { kind: "rejected"; draftId: string; message: string }
  | { kind: "edited"; draftId: string; editedText: string; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "conflict"; state: DraftState | null; message: string }
  | { kind: "invalid"; message: string };

/** The HTTP status of a result: the API's one table (lib/http/api-errors.ts). */
export function httpStatusForSendResult(result: SendReplyResult | DraftDecisionResult): number {
  return statusForKind(result.kind);
}

export const NOT_FOUND_MESSAGE = "Not found.";
export const UNKNOWN_OUTCOME_MESSAGE =
  "May or may not have been sent: the answer from WhatsApp was lost. It will not be resent automatically; check the chat on your phone before sending again.";
export const WINDOW_CLOSED_MESSAGE =
  "Not sent: more than 24 hours have passed since the customer's last message, so WhatsApp only allows a template message. Nothing was sent.";

export const NO_RECIPIENT_MESSAGE =
  "Cannot send: WhatsApp gave no phone number for this customer, only a business-scoped user id.";

/** Why a draft cannot be approved in its current state, in the words the panel shows. */
export function conflictMessage(state: DraftState | null): string {
  switch (state) {
    case "sending":
      return "This draft is being sent right now.";
    case "sent":
      return "This draft was already sent.";
    case "unknown":
      return "This draft may or may not have been sent; it is not sent again automatically. Check the chat on your phone, then write a manual reply if needed.";
    case "rejected":
      return "This draft was rejected.";
    case "superseded":
      return "This draft was replaced by a newer one.";
    default:
      return `This draft cannot be approved in its current state (${state ?? "none"}).`;
  }
}
