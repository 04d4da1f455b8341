/**
 * The domain's words, defined once: every list is a constant array, and its type is derived from it, so a
 * value added here reaches the database types (db/schema.ts), the validation (zod enums), the model's
 * answer schema and every `Record<…>` keyed on it. The columns are plain text (no PostgreSQL enums), so
 * adding a value is not a migration. Pure.
 */

/** Conversation channels. */
export const CHANNELS = ["whatsapp", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * What a customer identifier is keyed on: a conversation channel, or WhatsApp's business-scoped user id
 * (BSUID) for senders who share no phone number. Kept apart from `Channel` so no conversation gets it.
 */
export const IDENTIFIER_CHANNELS = [...CHANNELS, "whatsapp_user_id"] as const;
export type IdentifierChannel = (typeof IDENTIFIER_CHANNELS)[number];

/** What a customer's turn asks for: the classifier's answer, the template key and the policy's input. */
export const INTENTS = [
  "booking_request",
  "availability_question",
  "price_question",
  "reschedule",
  "cancellation",
  "complaint",
  "general_question",
  "greeting_thanks",
  "other",
] as const;
export type IntentName = (typeof INTENTS)[number];

/** The languages the classifier detects and the drafts are written in (ISO 639-1). */
export const LANGUAGES = ["en", "it", "de", "fr", "es"] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/** Reply templates per intent and language, overriding the built-in defaults. */
export type ReplyTemplates = Partial<Record<IntentName, Partial<Record<LanguageCode, string>>>>;

/** Why a conversation waits for the instructor rather than for a draft (null: nothing special). */
export const CONVERSATION_ATTENTIONS = ["handed_to_human", "escalated"] as const;
export type ConversationAttention = (typeof CONVERSATION_ATTENTIONS)[number];

export const MESSAGE_DIRECTIONS = ["inbound", "outbound"] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Outbound delivery state. Moves forward only (lib/whatsapp/status-order.ts). */
export const OUTBOUND_STATUSES = ["sending", "sent", "delivered", "read", "played", "failed", "unknown"] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

export const DRAFT_STATES = [
  "pending", // orchestration claimed the message and is running
  "failed", // orchestration threw; the recovery sweep retries it
  "not_drafted", // the policy decided no draft (or hand off to a human); `reason` says why
  "proposed",
  "edited",
  "approved",
  "sending",
  "sent",
  "send_failed",
  "unknown", // the process died between the send call and its answer: may or may not have been sent
  "rejected",
  "superseded",
] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

/** The draft policy's decision for a turn. */
export const DRAFT_DECISIONS = ["draft", "no_draft", "handoff"] as const;
export type DraftDecision = (typeof DRAFT_DECISIONS)[number];

/** Why an inbound item was kept aside: no instructor for the number, failed its schema, or ingestion threw. */
export const QUARANTINE_KINDS = ["unroutable", "invalid_item", "failed_delivery"] as const;
export type QuarantineKind = (typeof QUARANTINE_KINDS)[number];

/** A background job's life in the durable queue. */
export const JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** WhatsApp's template categories; Meta may add more, so any other string is kept as given. */
export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number] | (string & {});

/**
 * State of a media file: `pending` (its fetch job has not stored it yet; retried with backoff), `stored`,
 * `failed` (gave up: too big, checksum wrong, refused, out of retries), `expired` (the 7-day media id
 * lifetime passed before a fetch succeeded).
 */
/** The WhatsApp message types that carry a file the inbox fetches and stores. */
export const MEDIA_KINDS = ["image", "audio", "video", "document", "sticker"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MEDIA_STATES = ["pending", "stored", "failed", "expired"] as const;
export type MediaState = (typeof MEDIA_STATES)[number];
