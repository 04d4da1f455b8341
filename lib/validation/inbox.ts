/**
 * zod schemas for the inbox APIs (conversations, drafts, customers, settings). Pure: the server
 * validates every request body and query with these; the client may reuse them for hints.
 */
import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { isSupportedLocale, isSupportedTimeZone } from "@/lib/format/date-time";

import { INTENTS, LANGUAGES } from "@/lib/vocabulary";

export const uuidSchema = z.uuid();

export const conversationListQuerySchema = z.object({
  filter: z.enum(["all", "needs_review", "handed_to_human", "unlinked"]).default("all"),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const threadMessagesQuerySchema = z.object({
  cursor: z.string().min(1).max(500),
});

const replyText = z
  .string()
  .trim()
  .min(1, "Write a reply first.")
  .max(4096, "WhatsApp allows at most 4096 characters.");

export const manualReplySchema = z.object({
  body: replyText,
  /** Chosen once per composed message by the client: a double submit sends once. */
  idempotencyKey: z.string().trim().min(8).max(200),
});

export const approveDraftSchema = z.object({
  /** The text as shown in the editor when the instructor pressed Approve. */
  text: replyText.optional(),
});

export const editDraftSchema = z.object({ text: replyText });

export const rejectDraftSchema = z.object({
  reason: z.string().trim().max(1000).optional().nullable(),
});

export const identifierInputSchema = z.object({
  channel: z.enum(["whatsapp", "email", "whatsapp_user_id"]),
  raw: z.string().trim().min(1, "Enter a number or address.").max(64),
});

const customerFields = {
  displayName: z.string().trim().min(1, "Enter a name.").max(120),
  notes: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  identifiers: z.array(identifierInputSchema).max(10, "At most 10 numbers or addresses."),
};

export const createCustomerSchema = z.object({
  ...customerFields,
  idempotencyKey: z.string().trim().min(8).max(200),
});

export const updateCustomerSchema = z.object({
  ...customerFields,
  /** The `version` the form was loaded with: a stale form gets 409 instead of overwriting. */
  version: z.string().min(1).max(100),
});

/** What the signal panel showed when the instructor acted: recorded in the audit event, never trusted for the write. */
export const seenSignalSchema = z.object({
  state: z.enum(["linked", "probable_match", "no_match", "ambiguous", "not_resolvable"]),
  customerId: z.uuid().nullable().optional(),
  customerName: z.string().max(200).nullable().optional(),
});

/** The conversation's link `version` the page showed: a stale page gets 409 instead of overwriting. */
const linkVersionSchema = z.number().int().min(0).max(2_147_483_647);

export const linkConversationSchema = z.object({
  customerId: z.uuid("Choose one of your customers."),
  version: linkVersionSchema,
  seenSignal: seenSignalSchema,
});

export const unlinkConversationSchema = z.object({
  version: linkVersionSchema,
  seenSignal: seenSignalSchema,
});

export const createCustomerFromConversationSchema = z.object({
  ...customerFields,
  idempotencyKey: z.string().trim().min(8).max(200),
  version: linkVersionSchema,
  seenSignal: seenSignalSchema,
});

export const customerSearchSchema = z.object({
  q: z.string().trim().max(100).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

const templateText = z.string().max(1000, "A template can be at most 1000 characters.");

export const replyTemplatesSchema = z.partialRecord(z.enum(INTENTS), z.partialRecord(z.enum(LANGUAGES), templateText));

/** An IANA zone this runtime knows (Intl.supportedValuesOf("timeZone"), aliases included). */
export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isSupportedTimeZone, "Choose a time zone from the list, such as Europe/Rome.");

/** A locale for dates and times, such as it-IT or en-GB. */
export const localeSchema = z
  .string()
  .trim()
  .max(35)
  .refine(isSupportedLocale, "Use a locale such as it-IT, de-CH or en-GB.");

export const updateSettingsSchema = z.object({
  draftsEnabled: z.boolean(),
  draftThreshold: z.number().min(0, "The threshold is between 0 and 1.").max(1, "The threshold is between 0 and 1."),
  priceText: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .transform((v) => (v ? v : null)),
  defaultRegion: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (v) => /^[A-Z]{2}$/.test(v) && isSupportedCountry(v),
      "Use a two-letter country code such as IT, CH or DE.",
    ),
  markReadOnOpen: z.boolean(),
  replyTemplates: replyTemplatesSchema,
  /** Omitted: unchanged. */
  timeZone: timeZoneSchema.optional(),
  locale: localeSchema.optional(),
  version: z.string().min(1).max(100),
});

/** `{ field: "message" }` from a zod error, for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}
