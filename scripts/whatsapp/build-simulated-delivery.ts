/**
 * Builds a realistic WhatsApp Cloud API delivery (shapes from Meta's messages webhook reference) for
 * `npm run simulate` and for tests. Pure.
 */
import { randomBytes } from "node:crypto";

export const SIMULATED_MESSAGE_TYPES = [
  "text",
  "image",
  "audio",
  "voice",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "list_reply",
  "button",
  "reaction",
  "order",
  "system",
  "unsupported",
  "status",
] as const;
export type SimulatedMessageType = (typeof SIMULATED_MESSAGE_TYPES)[number];

export interface SimulatedDeliveryInput {
  phoneNumberId: string;
  /** The customer's number as WhatsApp sends it (digits, no +). */
  from: string;
  type?: SimulatedMessageType;
  text?: string;
  name?: string;
  /** Message id; default a fresh wamid. */
  id?: string;
  /** reaction: the message reacted to; status: the outbound message; text: the message replied to. */
  targetId?: string;
  /** reaction emoji; "" removes the reaction. */
  emoji?: string;
  /** status: sent, delivered, read, played, failed. */
  status?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  displayPhoneNumber?: string;
}

export function newWamid(): string {
  return `wamid.HBgM${randomBytes(18).toString("base64url").toUpperCase()}`;
}

function messageObject(input: SimulatedDeliveryInput, id: string, timestamp: string): Record<string, unknown> {
  const base = { from: input.from, id, timestamp };
  const caption = input.text;
  const mediaId = String(1000000000000000 + Math.floor(Math.random() * 1e15));
  switch (input.type ?? "text") {
    case "text":
      return {
        ...(input.targetId ? { context: { from: input.displayPhoneNumber ?? "15550000000", id: input.targetId } } : {}),
        ...base,
        type: "text",
        text: { body: input.text ?? "Hello! Do you have a lesson free on Saturday morning?" },
      };
    case "image":
      return {
        ...base,
        type: "image",
        image: { caption, mime_type: "image/jpeg", sha256: "c2ltdWxhdGVk", id: mediaId },
      };
    case "audio":
      return {
        ...base,
        type: "audio",
        audio: { mime_type: "audio/mpeg", sha256: "c2ltdWxhdGVk", id: mediaId, voice: false },
      };
    case "voice":
      return {
        ...base,
        type: "audio",
        audio: { mime_type: "audio/ogg; codecs=opus", sha256: "c2ltdWxhdGVk", id: mediaId, voice: true },
      };
    case "video":
      return {
        ...base,
        type: "video",
        video: { caption, mime_type: "video/mp4", sha256: "c2ltdWxhdGVk", id: mediaId },
      };
    case "document":
      return {
        ...base,
        type: "document",
        document: {
          caption,
          filename: "medical-certificate.pdf",
          mime_type: "application/pdf",
          sha256: "c2ltdWxhdGVk",
          id: mediaId,
        },
      };
    case "sticker":
      return {
        ...base,
        type: "sticker",
        sticker: { mime_type: "image/webp", sha256: "c2ltdWxhdGVk", id: mediaId, animated: false },
      };
    case "location":
      return {
        ...base,
        type: "location",
        location: {
          latitude: 46.5405,
          longitude: 12.1357,
          name: "Cortina ski school",
          address: "Via Roma 1, Cortina d'Ampezzo",
        },
      };
    case "contacts":
      return {
        ...base,
        type: "contacts",
        contacts: [
          {
            name: { formatted_name: "Giulia Bianchi", first_name: "Giulia", last_name: "Bianchi" },
            phones: [{ phone: "+39 333 765 4321", wa_id: "393337654321", type: "CELL" }],
          },
        ],
      };
    case "interactive":
      return {
        context: { from: input.displayPhoneNumber ?? "15550000000", id: input.targetId ?? newWamid() },
        ...base,
        type: "interactive",
        interactive: {
          type: "button_reply",
          button_reply: { id: "confirm_booking", title: input.text ?? "Yes, book it" },
        },
      };
    case "list_reply":
      return {
        context: { from: input.displayPhoneNumber ?? "15550000000", id: input.targetId ?? newWamid() },
        ...base,
        type: "interactive",
        interactive: {
          type: "list_reply",
          list_reply: { id: "slot_sat_10", title: input.text ?? "Saturday 10:00", description: "2 hours, beginners" },
        },
      };
    case "button":
      return {
        context: { from: input.displayPhoneNumber ?? "15550000000", id: input.targetId ?? newWamid() },
        ...base,
        type: "button",
        button: { payload: "RESCHEDULE", text: input.text ?? "Reschedule" },
      };
    case "reaction":
      return {
        ...base,
        type: "reaction",
        reaction: {
          message_id: input.targetId ?? newWamid(),
          ...(input.emoji === "" ? {} : { emoji: input.emoji ?? "👍" }),
        },
      };
    case "order":
      return {
        ...base,
        type: "order",
        order: {
          catalog_id: "123456789012345",
          text: input.text ?? "Two private lessons please",
          product_items: [{ product_retailer_id: "private-lesson-2h", quantity: 2, item_price: 90, currency: "EUR" }],
        },
      };
    case "system":
      return {
        from: input.from,
        id,
        timestamp,
        type: "system",
        system: {
          body: `User changed from ${input.from} to 393330000000`,
          wa_id: "393330000000",
          type: "user_changed_number",
        },
      };
    case "unsupported":
      return {
        ...base,
        type: "unsupported",
        errors: [
          {
            code: 131051,
            title: "Message type unknown",
            message: "Message type unknown",
            error_data: { details: "Message type is currently not supported." },
          },
        ],
      };
    case "status":
      throw new Error("status is not a message");
  }
}

/** One delivery with one message (or one status) from `from` to the business number `phoneNumberId`. */
export function buildSimulatedDelivery(input: SimulatedDeliveryInput): Record<string, unknown> {
  const id = input.id ?? newWamid();
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const metadata = {
    display_phone_number: input.displayPhoneNumber ?? "15550000000",
    phone_number_id: input.phoneNumberId,
  };
  const value: Record<string, unknown> =
    input.type === "status"
      ? {
          messaging_product: "whatsapp",
          metadata,
          statuses: [
            {
              id: input.targetId ?? id,
              status: input.status ?? "delivered",
              timestamp,
              recipient_id: input.from,
              ...(input.status === "failed"
                ? {
                    errors: [
                      {
                        code: 131047,
                        title: "Re-engagement message",
                        message: "Re-engagement message",
                        error_data: {
                          details:
                            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                        },
                      },
                    ],
                  }
                : { pricing: { billable: true, pricing_model: "PMP", category: "service" } }),
            },
          ],
        }
      : {
          messaging_product: "whatsapp",
          metadata,
          contacts: [{ profile: { name: input.name ?? "Marco Rossi" }, wa_id: input.from }],
          messages: [messageObject(input, id, timestamp)],
        };
  return {
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ value, field: "messages" }] }],
  };
}
