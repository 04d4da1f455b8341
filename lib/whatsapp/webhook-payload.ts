/**
 * The WhatsApp Cloud API webhook contract (Meta's "messages webhook reference"), as zod schemas.
 *
 * Two levels, on purpose:
 * - The ENVELOPE (`object`, `entry[].changes[].field/value`, and for `field: "messages"` the parts we
 *   cannot store a message without: `metadata.phone_number_id`, each message's `id`, sender, `timestamp`,
 *   `type`, each status's `id`, `status`, `timestamp`) is strict, item by item: a broken item is set
 *   aside (quarantined raw by the caller) and the valid items beside it are stored; a body with nothing
 *   valid is refused with 400 before anything is written (TA-3 failure mode: invalid payload).
 * - The per-type CONTENT (`text`, `image`, `reaction`, ...) is lenient: an unknown type, or a known type
 *   whose object is missing or shaped differently (Meta really sends `type: "interactive"` without an
 *   `interactive` object, with `errors`), is still stored raw and answered 200 (PRODUCT.md: a 4xx makes
 *   WhatsApp retry and repeated failures disable the webhook). The content schemas below are only used
 *   with `safeParse` by the normalizer.
 *
 * Every object is a `looseObject`: fields Meta adds tomorrow are kept in the stored raw JSON.
 * Pure: no I/O.
 */
import { z } from "zod";

/** WhatsApp sends Unix seconds as a string; accept a number too. Bounded so a huge value is refused. */
export const webhookTimestampSchema = z.union([
  z.string().regex(/^\d{1,12}$/, "timestamp must be Unix seconds"),
  z.number().int().nonnegative().max(1e12),
]);

/** wamids are ~60 characters; the bound only refuses hostile input. */
const externalIdSchema = z.string().min(1).max(512);
/** Phone digits, or a business-scoped user id (`US.13491208655302741918`, up to ~140 characters). */
const senderIdSchema = z.string().min(1).max(256);

export const webhookContactSchema = z.looseObject({
  wa_id: z.string().max(256).optional(),
  /** Business-scoped user id (BSUID), present since 2026; the phone number may be withheld. */
  user_id: z.string().max(256).optional(),
  parent_user_id: z.string().max(256).optional(),
  profile: z.looseObject({ name: z.string().max(1024).optional() }).optional(),
});
export type WebhookContact = z.infer<typeof webhookContactSchema>;

export const webhookMessageSchema = z
  .looseObject({
    id: externalIdSchema,
    /** The sender's phone digits; may be absent when WhatsApp withholds the number (usernames). */
    from: senderIdSchema.optional(),
    /** The sender's business-scoped user id, when present. */
    from_user_id: senderIdSchema.optional(),
    timestamp: webhookTimestampSchema,
    type: z.string().min(1).max(64),
  })
  .refine((m) => Boolean(m.from ?? m.from_user_id), { message: "message has no sender (from / from_user_id)" });
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookStatusSchema = z.looseObject({
  id: externalIdSchema,
  status: z.string().min(1).max(64),
  timestamp: webhookTimestampSchema,
  recipient_id: z.string().max(256).optional(),
  errors: z.array(z.unknown()).max(100).optional(),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

/** `value` of a change whose `field` is `messages`. */
export const messagesChangeValueSchema = z.looseObject({
  messaging_product: z.string().max(64).optional(),
  metadata: z.looseObject({
    phone_number_id: z.string().min(1).max(128),
    display_phone_number: z.string().max(128).optional(),
  }),
  contacts: z.array(webhookContactSchema).max(1000).optional(),
  messages: z.array(webhookMessageSchema).max(1000).optional(),
  statuses: z.array(webhookStatusSchema).max(1000).optional(),
  /** Value-level errors (system/app problems); logged, nothing to store. */
  errors: z.array(z.unknown()).max(100).optional(),
});
export type MessagesChangeValue = z.infer<typeof messagesChangeValueSchema>;

const changeSchema = z.looseObject({
  field: z.string().min(1).max(128),
  value: z.looseObject({}),
});

export const webhookEnvelopeSchema = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z
    .array(
      z.looseObject({
        id: z.string().max(128).optional(),
        changes: z.array(changeSchema).max(1000),
      }),
    )
    .max(1000),
});

export type WebhookChange =
  { field: "messages"; value: MessagesChangeValue } | { field: string; value: Record<string, unknown> };

export interface WebhookDelivery {
  entries: { id: string | null; changes: WebhookChange[] }[];
}

/** One item of a delivery that failed its schema: kept raw (quarantined), never stored as a message. */
export interface RejectedWebhookItem {
  /** A message, a status, or a whole `messages` change whose value is unreadable (no phone_number_id...). */
  item: "message" | "status" | "change";
  /** Where it was in the delivery, e.g. `entry.0.changes.0.value.messages.2`. */
  path: string;
  issues: string[];
  phoneNumberId: string | null;
  /** The change's value without its messages and statuses (metadata and contacts, for a replay). */
  value: unknown;
  /** The raw item (or the raw change value for `item: "change"`). */
  raw: unknown;
}

export type ParseWebhookDeliveryResult =
  | {
      ok: true;
      delivery: WebhookDelivery;
      /** Broken items set aside; the valid items beside them are in `delivery`. */
      rejected: RejectedWebhookItem[];
    }
  | { ok: false; issues: string[] };

function describeIssues(error: z.ZodError, prefix: string): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    return `${path || "(body)"}: ${issue.message}`;
  });
}

/** The change value's shell: everything but the items, which are checked one by one. */
const messagesChangeShellSchema = messagesChangeValueSchema.omit({ messages: true, statuses: true }).extend({
  messages: z.array(z.unknown()).max(1000).optional(),
  statuses: z.array(z.unknown()).max(1000).optional(),
});

function phoneNumberIdOf(value: unknown): string | null {
  const id = (value as { metadata?: { phone_number_id?: unknown } } | null)?.metadata?.phone_number_id;
  return typeof id === "string" ? id : null;
}

/**
 * TA-3 step 1: validate a parsed JSON body as a WhatsApp webhook delivery, item by item. A body that is not
 * a WhatsApp envelope is refused whole. Inside it, each message and status is checked on its own: a
 * broken one is set aside in `rejected` (the caller quarantines it) and the valid ones beside it go on.
 * A delivery with broken items and nothing valid is refused whole, so it writes nothing.
 */
export function parseWebhookDelivery(json: unknown): ParseWebhookDeliveryResult {
  const envelope = webhookEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, issues: describeIssues(envelope.error, "") };

  const entries: WebhookDelivery["entries"] = [];
  const rejected: RejectedWebhookItem[] = [];
  let validUnits = 0;
  envelope.data.entry.forEach((entry, entryIndex) => {
    const changes: WebhookChange[] = [];
    entry.changes.forEach((change, changeIndex) => {
      const prefix = `entry.${entryIndex}.changes.${changeIndex}.value`;
      if (change.field !== "messages") {
        validUnits += 1;
        changes.push({ field: change.field, value: change.value });
        return;
      }
      const shell = messagesChangeShellSchema.safeParse(change.value);
      if (!shell.success) {
        const { messages: _m, statuses: _s, ...context } = change.value as Record<string, unknown>;
        rejected.push({
          item: "change",
          path: prefix,
          issues: describeIssues(shell.error, prefix),
          phoneNumberId: phoneNumberIdOf(change.value),
          value: context,
          raw: change.value,
        });
        return;
      }
      const { messages: rawMessages, statuses: rawStatuses, ...context } = shell.data;
      const phoneNumberId = context.metadata.phone_number_id;
      const messages: WebhookMessage[] = [];
      const statuses: WebhookStatus[] = [];
      rawMessages?.forEach((raw, i) => {
        const parsed = webhookMessageSchema.safeParse(raw);
        if (parsed.success) messages.push(parsed.data);
        else
          rejected.push({
            item: "message",
            path: `${prefix}.messages.${i}`,
            issues: describeIssues(parsed.error, `${prefix}.messages.${i}`),
            phoneNumberId,
            value: context,
            raw,
          });
      });
      rawStatuses?.forEach((raw, i) => {
        const parsed = webhookStatusSchema.safeParse(raw);
        if (parsed.success) statuses.push(parsed.data);
        else
          rejected.push({
            item: "status",
            path: `${prefix}.statuses.${i}`,
            issues: describeIssues(parsed.error, `${prefix}.statuses.${i}`),
            phoneNumberId,
            value: context,
            raw,
          });
      });
      const hadItems = (rawMessages?.length ?? 0) + (rawStatuses?.length ?? 0) > 0;
      // A change with no items at all (value-level errors only) is a valid delivery of nothing.
      validUnits += hadItems ? messages.length + statuses.length : 1;
      changes.push({
        field: "messages",
        value: { ...context, ...(rawMessages ? { messages } : {}), ...(rawStatuses ? { statuses } : {}) },
      });
    });
    entries.push({ id: entry.id ?? null, changes });
  });
  if (rejected.length > 0 && validUnits === 0)
    return { ok: false, issues: rejected.flatMap((r) => r.issues).slice(0, 10) };
  return { ok: true, delivery: { entries }, rejected };
}

export function isMessagesChange(change: WebhookChange): change is { field: "messages"; value: MessagesChangeValue } {
  return change.field === "messages";
}

// ---------------------------------------------------------------------------------------------
// Per-type content (lenient: used with safeParse only). Shapes from Meta's per-type reference pages.
// ---------------------------------------------------------------------------------------------
const optionalText = z.string().optional();

export const textContentSchema = z.looseObject({ body: z.string() });

/** image, audio, video, document, sticker: the media id to fetch later, never the bytes. */
export const mediaContentSchema = z.looseObject({
  id: optionalText,
  mime_type: optionalText,
  sha256: optionalText,
  caption: optionalText,
  filename: optionalText,
  url: optionalText,
  /** audio: true for a voice note recorded in WhatsApp. */
  voice: z.boolean().optional(),
  /** sticker: animated or static. */
  animated: z.boolean().optional(),
});

export const locationContentSchema = z.looseObject({
  latitude: z.number(),
  longitude: z.number(),
  name: optionalText,
  address: optionalText,
  url: optionalText,
});

export const sharedContactSchema = z.looseObject({
  name: z.looseObject({ formatted_name: optionalText, first_name: optionalText, last_name: optionalText }).optional(),
  phones: z.array(z.looseObject({ phone: optionalText, wa_id: optionalText, type: optionalText })).optional(),
  emails: z.array(z.looseObject({ email: optionalText, type: optionalText })).optional(),
  org: z.looseObject({ company: optionalText }).optional(),
});
export const contactsContentSchema = z.array(sharedContactSchema);

export const interactiveContentSchema = z.looseObject({
  type: z.string(),
  button_reply: z.looseObject({ id: optionalText, title: optionalText }).optional(),
  list_reply: z.looseObject({ id: optionalText, title: optionalText, description: optionalText }).optional(),
  /** WhatsApp Flows reply. */
  nfm_reply: z.looseObject({ name: optionalText, body: optionalText, response_json: optionalText }).optional(),
});

/** Template quick-reply button. */
export const buttonContentSchema = z.looseObject({ payload: optionalText, text: optionalText });

/** Meta: when the user removes a reaction, `emoji` is absent (some payloads carry ""). */
export const reactionContentSchema = z.looseObject({ message_id: z.string().min(1), emoji: optionalText });

const numberLike = z.union([z.number(), z.string()]);
export const orderContentSchema = z.looseObject({
  catalog_id: optionalText,
  text: optionalText,
  product_items: z
    .array(
      z.looseObject({
        product_retailer_id: optionalText,
        quantity: numberLike.optional(),
        item_price: numberLike.optional(),
        currency: optionalText,
      }),
    )
    .optional(),
});

export const systemContentSchema = z.looseObject({
  body: optionalText,
  type: optionalText,
  /** user_changed_number: the new wa_id. */
  wa_id: optionalText,
  new_wa_id: optionalText,
  customer: optionalText,
});

export const webhookErrorSchema = z.looseObject({
  code: z.number().optional(),
  title: optionalText,
  message: optionalText,
  error_data: z.looseObject({ details: optionalText }).optional(),
  href: optionalText,
});
export const webhookErrorsSchema = z.array(webhookErrorSchema);

export const contextSchema = z.looseObject({
  id: optionalText,
  from: optionalText,
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: z.looseObject({ catalog_id: optionalText, product_retailer_id: optionalText }).optional(),
});

/** Click-to-WhatsApp ad referral. */
export const referralSchema = z.looseObject({
  source_url: optionalText,
  source_id: optionalText,
  source_type: optionalText,
  headline: optionalText,
  body: optionalText,
  media_type: optionalText,
  ctwa_clid: optionalText,
});
