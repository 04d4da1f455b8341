/**
 * CM-2.5 audit events in plain words for the trail views. Pure: the action name and its stored data
 * in, one sentence out. Names are the ones stored at the time of the event (a later rename does not
 * rewrite history).
 */
export interface AuditEventForWords {
  action: string;
  actorName: string | null;
  data: Record<string, unknown> | null;
  /** Whose trail it is: on a customer's page a link event names the conversation. */
  perspective?: "conversation" | "customer";
}

const SIGNAL_WORDS: Record<string, string> = {
  linked: "linked",
  probable_match: "a probable match",
  no_match: "an unknown sender",
  ambiguous: "a shared number",
  not_resolvable: "not checked",
};

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** "Who did what": the sentence shown in the trail. */
export function describeAuditEvent({
  action,
  actorName,
  data,
  perspective = "conversation",
}: AuditEventForWords): string {
  const who = actorName ?? "The system";
  const d = data ?? {};
  const conversation =
    perspective === "customer"
      ? `the conversation with ${text(d.conversationName) ?? "a WhatsApp sender"}`
      : "this conversation";
  const sender = perspective === "customer" ? `the sender of ${conversation}` : "this sender";
  const to = text(d.toCustomerName) ?? "a customer";
  const from = text(d.fromCustomerName) ?? "a customer";
  switch (action) {
    case "conversation.customer_linked":
      return `${who} linked ${conversation} to ${to}.`;
    case "conversation.customer_link_changed":
      return `${who} changed the link of ${conversation} from ${from} to ${to}.`;
    case "conversation.customer_unlinked":
      return `${who} unlinked ${conversation} from ${from}.`;
    case "conversation.customer_created_and_linked":
      return text(d.fromCustomerName)
        ? `${who} created the customer ${to} from ${sender} and linked the conversation to them (it was linked to ${from}).`
        : `${who} created the customer ${to} from ${sender} and linked the conversation to them.`;
    case "customer.created":
      return `${who} created the customer ${text(d.displayName) ?? ""}`.trimEnd() + ".";
    case "customer.updated":
      return `${who} edited the customer.`;
    case "draft.approved":
      return d.sent === false
        ? `${who} approved the draft (not sent).`
        : `${who} approved the draft${d.edited ? " after editing it" : ""}.`;
    case "draft.edited":
      return `${who} edited the draft.`;
    case "draft.rejected":
      return `${who} rejected the draft${text(d.reason) ? `: ${text(d.reason)}` : ""}.`;
    case "message.reply_submitted":
      return `${who} wrote a reply.`;
    case "message.sent":
      return "The reply was sent.";
    case "message.send_failed":
      return `The reply could not be sent${text(d.title) ? ` (${text(d.title)})` : ""}.`;
    case "message.send_unknown":
      return "It is not known whether the reply was sent.";
    case "message.failed":
      return "WhatsApp reported that the reply was not delivered.";
    case "settings.changed":
      return `${who} changed the settings.`;
    default:
      return `${who}: ${action}.`;
  }
}

/** For link events: what the signal panel showed when the instructor acted, in words; null otherwise. */
export function describeSeenSignal(data: Record<string, unknown> | null): string | null {
  const seen = data?.seenSignal as { state?: unknown; customerName?: unknown } | undefined;
  if (!seen || typeof seen.state !== "string") return null;
  const state = SIGNAL_WORDS[seen.state] ?? seen.state;
  const name = text(seen.customerName);
  return name && (seen.state === "linked" || seen.state === "probable_match")
    ? `The inbox showed ${state}: ${name}.`
    : `The inbox showed ${state}.`;
}
