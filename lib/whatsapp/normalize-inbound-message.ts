/**
 * TA-3 step 2 (Normalize): one WhatsApp webhook message → the canonical inbound message
 * (external_id, channel, sender identity, text, received_at) plus what the inbox shows: a readable
 * one-line summary and structured content per type. Every type is normalized (text, media, location,
 * contacts, interactive, button, reaction, order, system, unsupported, and types we have never seen);
 * only a text message with a body can get a draft (the drafter reads words, not media). Pure.
 */
import type { z } from "zod";
import { oneLine } from "@/lib/format/one-line";
import {
  buttonContentSchema,
  contactsContentSchema,
  contextSchema,
  interactiveContentSchema,
  locationContentSchema,
  mediaContentSchema,
  orderContentSchema,
  reactionContentSchema,
  referralSchema,
  systemContentSchema,
  textContentSchema,
  webhookErrorsSchema,
  type WebhookContact,
  type WebhookMessage,
} from "./webhook-payload";

export interface NormalizedInboundMessage {
  channel: "whatsapp";
  externalMessageId: string;
  /**
   * The conversation identity (`conversations.external_identity`): the sender's `from`/`wa_id` digits as
   * WhatsApp sends them, else the business-scoped user id when the phone number is withheld.
   */
  senderIdentity: string;
  /** Other identities of the same sender in this message (the BSUID next to the phone), to map too. */
  alternateIdentities: string[];
  waId: string | null;
  whatsappUserId: string | null;
  profileName: string | null;
  type: string;
  /** Text body, or a media caption. */
  body: string | null;
  /** One line for the inbox list. */
  summary: string;
  /** Type-specific structured content (plus `context`, `referral`, `errors` when present). */
  content: Record<string, unknown>;
  /** `context.id` (reply-to), or for a reaction the message it reacts to. */
  replyToExternalId: string | null;
  /** A reaction: the message it targets and the emoji (null = reaction removed). */
  reaction: { targetExternalId: string; emoji: string | null } | null;
  receivedAt: Date;
  /** Only text gets drafts: there is nothing to classify in a photo or a voice note. */
  draftable: boolean;
  /** Whether this message (re)opens the 24 h customer service window: anything the customer sent, not a system notice. */
  opensServiceWindow: boolean;
}

function withDetail(label: string, detail: string | null | undefined): string {
  const text = detail ? oneLine(detail) : "";
  return text ? oneLine(`${label}: ${text}`) : label;
}

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}

const MEDIA_LABELS: Record<string, string> = {
  image: "Photo",
  video: "Video",
  document: "Document",
  sticker: "Sticker",
  audio: "Audio",
};

interface TypeView {
  body: string | null;
  summary: string;
  content: Record<string, unknown>;
  reaction?: NormalizedInboundMessage["reaction"];
}

function viewOfType(message: WebhookMessage): TypeView {
  const raw = message as Record<string, unknown>;
  const type = message.type;
  const object = raw[type];

  switch (type) {
    case "text": {
      const text = parsed(textContentSchema, object);
      if (!text) return { body: null, summary: "Text message (unreadable content)", content: {} };
      return { body: text.body, summary: oneLine(text.body) || "(empty message)", content: {} };
    }
    case "image":
    case "video":
    case "document":
    case "sticker":
    case "audio": {
      const media = parsed(mediaContentSchema, object);
      let label = MEDIA_LABELS[type]!;
      if (type === "audio" && media?.voice) label = "Voice message";
      if (type === "sticker" && media?.animated) label = "Animated sticker";
      const detail =
        type === "document" ? [media?.filename, media?.caption].filter(Boolean).join(" — ") : media?.caption;
      return {
        body: media?.caption ?? null,
        summary: withDetail(label, detail),
        content: media
          ? stripUndefined({
              mediaId: media.id,
              mimeType: media.mime_type,
              sha256: media.sha256,
              caption: media.caption,
              fileName: media.filename,
              voice: media.voice,
              animated: media.animated,
            })
          : {},
      };
    }
    case "location": {
      const location = parsed(locationContentSchema, object);
      if (!location) return { body: null, summary: "Location", content: {} };
      const place = [location.name, location.address].filter(Boolean).join(", ");
      return {
        body: null,
        summary: withDetail("Location", place || `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`),
        content: stripUndefined({
          latitude: location.latitude,
          longitude: location.longitude,
          name: location.name,
          address: location.address,
          url: location.url,
        }),
      };
    }
    case "contacts": {
      const contacts = parsed(contactsContentSchema, object) ?? [];
      const names = contacts.map(
        (c) =>
          c.name?.formatted_name ??
          ([c.name?.first_name, c.name?.last_name].filter(Boolean).join(" ") || c.phones?.[0]?.phone || "contact"),
      );
      const label = contacts.length === 1 ? "Contact" : `${contacts.length} contacts`;
      return {
        body: null,
        summary: withDetail(contacts.length === 0 ? "Contact card" : label, names.join(", ")),
        content: {
          contacts: contacts.map((c, i) =>
            stripUndefined({
              name: names[i],
              phones: c.phones?.map((p) => stripUndefined({ phone: p.phone, waId: p.wa_id, type: p.type })),
              emails: c.emails?.map((e) => e.email).filter(Boolean),
              company: c.org?.company,
            }),
          ),
        },
      };
    }
    case "interactive": {
      const interactive = parsed(interactiveContentSchema, object);
      if (!interactive) return { body: null, summary: "Interactive reply", content: {} };
      if (interactive.type === "button_reply") {
        const reply = interactive.button_reply;
        return {
          body: reply?.title ?? null,
          summary: withDetail("Button", reply?.title),
          content: stripUndefined({ interactiveType: "button_reply", replyId: reply?.id, title: reply?.title }),
        };
      }
      if (interactive.type === "list_reply") {
        const reply = interactive.list_reply;
        return {
          body: reply?.title ?? null,
          summary: withDetail("List choice", reply?.title),
          content: stripUndefined({
            interactiveType: "list_reply",
            replyId: reply?.id,
            title: reply?.title,
            description: reply?.description,
          }),
        };
      }
      if (interactive.type === "nfm_reply") {
        const reply = interactive.nfm_reply;
        return {
          body: reply?.body ?? null,
          summary: withDetail("Form reply", reply?.name),
          content: stripUndefined({
            interactiveType: "nfm_reply",
            name: reply?.name,
            responseJson: reply?.response_json,
          }),
        };
      }
      return {
        body: null,
        summary: withDetail("Interactive reply", interactive.type),
        content: { interactiveType: interactive.type },
      };
    }
    case "button": {
      const button = parsed(buttonContentSchema, object);
      return {
        body: button?.text ?? null,
        summary: withDetail("Button", button?.text),
        content: stripUndefined({ payload: button?.payload, text: button?.text }),
      };
    }
    case "reaction": {
      const reaction = parsed(reactionContentSchema, object);
      if (!reaction) return { body: null, summary: "Reaction", content: {} };
      const emoji = reaction.emoji && reaction.emoji.trim() !== "" ? reaction.emoji : null;
      return {
        body: null,
        summary: emoji ? `Reacted ${emoji}` : "Removed a reaction",
        content: stripUndefined({ targetExternalId: reaction.message_id, emoji }),
        reaction: { targetExternalId: reaction.message_id, emoji },
      };
    }
    case "order": {
      const order = parsed(orderContentSchema, object);
      const items = order?.product_items ?? [];
      const count = items.reduce((n, item) => n + (Number(item.quantity) || 1), 0);
      return {
        body: order?.text ?? null,
        summary: withDetail(count ? `Order: ${count} item${count === 1 ? "" : "s"}` : "Order", order?.text),
        content: order
          ? stripUndefined({
              catalogId: order.catalog_id,
              text: order.text,
              items: items.map((item) =>
                stripUndefined({
                  productRetailerId: item.product_retailer_id,
                  quantity: item.quantity,
                  itemPrice: item.item_price,
                  currency: item.currency,
                }),
              ),
            })
          : {},
      };
    }
    case "system": {
      const system = parsed(systemContentSchema, object);
      return {
        body: system?.body ?? null,
        summary: system?.body ? oneLine(system.body) : withDetail("System notice", system?.type),
        content: system
          ? stripUndefined({ systemType: system.type, body: system.body, newWaId: system.wa_id ?? system.new_wa_id })
          : {},
      };
    }
    case "request_welcome":
      return { body: null, summary: "Opened the chat", content: {} };
    default: {
      // unsupported (Meta's type for e.g. polls, view-once media) and any type we do not know yet.
      const errors = parsed(webhookErrorsSchema, raw.errors) ?? [];
      const reason = errors[0]?.error_data?.details ?? errors[0]?.title ?? errors[0]?.message;
      const label = type === "unsupported" ? "Unsupported message" : `Unsupported message (${oneLine(type, 40)})`;
      return { body: null, summary: withDetail(label, reason), content: {} };
    }
  }
}

function unixSecondsToDate(timestamp: string | number): Date {
  return new Date(Number(timestamp) * 1000);
}

/** The `contacts[]` entry that describes this message's sender. */
export function findSenderContact(
  message: WebhookMessage,
  contacts: WebhookContact[] | undefined,
): WebhookContact | null {
  if (!contacts || contacts.length === 0) return null;
  const byIdentity = contacts.find(
    (c) => (message.from && c.wa_id === message.from) || (message.from_user_id && c.user_id === message.from_user_id),
  );
  if (byIdentity) return byIdentity;
  return contacts.length === 1 ? contacts[0]! : null;
}

export function normalizeInboundMessage({
  message,
  contacts,
}: {
  message: WebhookMessage;
  contacts?: WebhookContact[];
}): NormalizedInboundMessage {
  const raw = message as Record<string, unknown>;
  const contact = findSenderContact(message, contacts);
  const waId = message.from ?? contact?.wa_id ?? null;
  const whatsappUserId = message.from_user_id ?? contact?.user_id ?? null;
  // Conversation identity: the phone digits when WhatsApp gives them, else the business-scoped user id.
  const senderIdentity = (waId ?? whatsappUserId)!;
  const alternateIdentities = whatsappUserId && whatsappUserId !== senderIdentity ? [whatsappUserId] : [];

  const view = viewOfType(message);
  const context = parsed(contextSchema, raw.context);
  const referral = parsed(referralSchema, raw.referral);
  const errors = parsed(webhookErrorsSchema, raw.errors);
  const content = stripUndefined({
    ...view.content,
    context: context ?? undefined,
    referral: referral ?? undefined,
    errors: errors && errors.length > 0 ? errors : undefined,
  });

  const body = view.body;
  return {
    channel: "whatsapp",
    externalMessageId: message.id,
    senderIdentity,
    alternateIdentities,
    waId,
    whatsappUserId,
    profileName: contact?.profile?.name?.trim() || null,
    type: message.type,
    body,
    summary: view.summary || "Message",
    content,
    replyToExternalId: view.reaction?.targetExternalId ?? context?.id ?? null,
    reaction: view.reaction ?? null,
    receivedAt: unixSecondsToDate(message.timestamp),
    draftable: message.type === "text" && typeof body === "string" && body.trim() !== "",
    opensServiceWindow: message.type !== "system",
  };
}
