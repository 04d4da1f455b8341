/**
 * What a push notification for a conversation says. One notification per conversation: the `tag`
 * is the conversation, so a newer one replaces the older on the device (and `renotify` buzzes again).
 */
export type NotifyReason = "draft_ready" | "handoff" | "no_draft";

export interface ConversationNotification {
  title: string;
  body: string;
  /** Same tag → replaced, not stacked. */
  tag: string;
  /** Where a tap goes: the conversation, with its draft. */
  url: string;
  conversationId: string;
  reason: NotifyReason;
  renotify: true;
}

const REASON_TEXT: Record<NotifyReason, string> = {
  draft_ready: "Draft ready to review",
  handoff: "Needs you",
  no_draft: "New message",
};

const PREVIEW_MAX = 120;

export function conversationNotificationTag(conversationId: string): string {
  return `conversation-${conversationId}`;
}

export function buildConversationNotification({
  conversationId,
  customerName,
  preview,
  reason,
}: {
  conversationId: string;
  customerName: string;
  preview: string | null;
  reason: NotifyReason;
}): ConversationNotification {
  const text = (preview ?? "").replace(/\s+/g, " ").trim();
  const short = text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1).trimEnd()}…` : text;
  return {
    title: `${customerName} · ${REASON_TEXT[reason]}`,
    body: short || REASON_TEXT[reason],
    tag: conversationNotificationTag(conversationId),
    url: `/inbox/${conversationId}`,
    conversationId,
    reason,
    renotify: true,
  };
}
