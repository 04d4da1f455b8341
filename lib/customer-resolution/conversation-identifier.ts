/**
 * Which identifier of a conversation CM-2.1 step 2 matches on. A WhatsApp sender is known by phone
 * (`wa_id`) when they shared it, else by their business-scoped user id (BSUID): once a later message
 * carries both, the phone is primary and the user id is matched beside it (see below), so the outcome
 * never depends on which message arrived first. Pure.
 */
import { isWhatsappUserId } from "@/lib/identifiers/normalize-identifier";
import type { IdentifierChannel } from "@/lib/vocabulary";

export interface ConversationIdentity {
  channel: string;
  /** The identity the conversation was created with (the phone digits, or the BSUID when no phone was shared). */
  externalIdentity: string;
  waId?: string | null;
  whatsappUserId?: string | null;
}

type Identifier = { channel: IdentifierChannel | (string & {}); raw: string };

export function conversationIdentifier(c: ConversationIdentity): Identifier {
  if (c.channel !== "whatsapp") return { channel: c.channel, raw: c.externalIdentity };
  if (c.waId) return { channel: "whatsapp", raw: c.waId };
  if (c.whatsappUserId) return { channel: "whatsapp_user_id", raw: c.whatsappUserId };
  if (isWhatsappUserId(c.externalIdentity)) return { channel: "whatsapp_user_id", raw: c.externalIdentity };
  return { channel: "whatsapp", raw: c.externalIdentity };
}

/**
 * The sender's other identifier, matched too (CM-2.1 step 2 counts distinct customers over both): the
 * user id when the phone is primary. A customer saved with only the user id stays the match once the
 * sender also shares their number; two customers on the two identifiers are ambiguous, never a guess.
 */
export function conversationAlternateIdentifiers(c: ConversationIdentity): Identifier[] {
  if (c.channel !== "whatsapp" || !c.waId) return [];
  const userId = c.whatsappUserId ?? (isWhatsappUserId(c.externalIdentity) ? c.externalIdentity : null);
  return userId ? [{ channel: "whatsapp_user_id", raw: userId }] : [];
}
