import { WHATSAPP_TEXT_MAX_LENGTH } from "@/server/whatsapp/graph-client";

/** Why a reply cannot be sent as a WhatsApp text, or null when it can. */
export function validateReplyText(text: string): string | null {
  if (!text.trim()) return "The reply is empty.";
  if (text.length > WHATSAPP_TEXT_MAX_LENGTH)
    return `The reply is too long for WhatsApp (${text.length} characters, at most ${WHATSAPP_TEXT_MAX_LENGTH}).`;
  return null;
}
