import { toWhatsAppRecipient } from "@/server/whatsapp/graph-client";

/**
 * The recipient "+<E.164>" from the conversation's wa_id. A conversation known only by a
 * business-scoped user id (BSUID, no wa_id) has no phone number to send to: null.
 */
export function recipientFor(conversation: { waId: string | null; externalIdentity: string }): string | null {
  const digits =
    conversation.waId ?? (/^\d{6,15}$/.test(conversation.externalIdentity) ? conversation.externalIdentity : null);
  return digits ? toWhatsAppRecipient(digits) : null;
}
