/**
 * The whole schema of PRODUCT.md. Every tenant-owned table carries `instructor_id`.
 * Enumerations are text columns typed from lib/vocabulary.ts (no pg enums), so adding a state is not a migration.
 */
import { sql } from "drizzle-orm";
import type { InstructorProfileInput } from "../lib/drafting/instructor-profile";
import type {
  Channel,
  ConversationAttention,
  DraftDecision,
  DraftState,
  IdentifierChannel,
  IntentName,
  JobState,
  LanguageCode,
  MediaKind,
  MediaState,
  MessageDirection,
  OutboundStatus,
  QuarantineKind,
  ReplyTemplates,
  TemplateCategory,
} from "../lib/vocabulary";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Column helpers for the groups most tables repeat. Each call makes new builders, so no two tables share one.
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });
/** A domain table's key: a random UUID. */
const uuidId = () => uuid("id").primaryKey().defaultRandom();
/** The owning tenant; a tenant's rows go with it. */
const instructorId = () =>
  uuid("instructor_id")
    .notNull()
    .references(() => instructors.id, { onDelete: "cascade" });
/** The conversation a row belongs to; deleted with it. */
const conversationId = () =>
  uuid("conversation_id")
    .notNull()
    .references(() => conversations.id, { onDelete: "cascade" });

// ---------------------------------------------------------------------------------------------
// Auth tables (better-auth with its Drizzle adapter). Model and field names are better-auth's.
// ---------------------------------------------------------------------------------------------
export const user = pgTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  ...timestamps(),
});

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    ...timestamps(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [index("session_user_id_idx").on(t.userId)],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    ...timestamps(),
  },
  (t) => [index("account_user_id_idx").on(t.userId)],
);

export const verification = pgTable("verification", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  ...timestamps(),
});

/** better-auth's rate-limit store in the database, so several instances share one login limit. */
export const rateLimit = pgTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

// ---------------------------------------------------------------------------------------------
// Domain
// ---------------------------------------------------------------------------------------------

/** The tenant. One instructor owns one WhatsApp business number (`phone_number_id`). */
export const instructors = pgTable("instructors", {
  id: uuidId(),
  userId: text("user_id")
    .notNull()
    .unique()
    .references(() => user.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  whatsappPhoneNumberId: text("whatsapp_phone_number_id").unique(),
  /** ISO 3166-1 alpha-2, used to normalize numbers typed without a country code (CM-1). */
  defaultRegion: text("default_region").notNull().default("IT"),
  draftsEnabled: boolean("drafts_enabled").notNull().default(true),
  draftThreshold: real("draft_threshold").notNull().default(0.7),
  priceText: text("price_text"),
  replyTemplates: jsonb("reply_templates").$type<ReplyTemplates>().notNull().default({}),
  markReadOnOpen: boolean("mark_read_on_open").notNull().default(false),
  ...timestamps(),
  /** The structured profile drafts state facts from (lib/drafting/instructor-profile.ts, zod-validated). */
  profile: jsonb("profile").$type<InstructorProfileInput>().notNull().default({}),
  /** Compare-and-set version of the profile alone, so a profile save never makes the settings form stale. */
  profileUpdatedAt: timestamp("profile_updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** The WhatsApp Business Account id (WABA) whose approved message templates this instructor sends. */
  whatsappBusinessAccountId: text("whatsapp_business_account_id"),
  /** IANA zone every date is shown in; null = the zone of default_region (lib/format/date-time). */
  timeZone: text("time_zone"),
  /** BCP 47 locale for dates and times (it-IT: 24-hour); null = the locale of default_region. */
  locale: text("locale"),
});

/** CM-1: a person the instructor knows, created only by an explicit human action (or the seed). */
export const customers = pgTable(
  "customers",
  {
    id: uuidId(),
    instructorId: instructorId(),
    displayName: text("display_name").notNull(),
    notes: text("notes"),
    ...timestamps(),
  },
  (t) => [index("customers_instructor_name_idx").on(t.instructorId, t.displayName, t.id)],
);

/**
 * CM-1 identifiers. Deliberately NO unique key on (instructor_id, channel, normalized_identifier):
 * two customers of one instructor may share a number, and CM-2.1 then resolves to no one.
 */
export const customerIdentifiers = pgTable(
  "customer_identifiers",
  {
    id: uuidId(),
    instructorId: instructorId(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: text("channel").$type<IdentifierChannel>().notNull(),
    raw: text("raw").notNull(),
    normalizedIdentifier: text("normalized_identifier").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("customer_identifiers_lookup_idx").on(t.instructorId, t.channel, t.normalizedIdentifier),
    index("customer_identifiers_customer_idx").on(t.customerId),
  ],
);

/** One per (instructor_id, channel, sender identity), found or created through channel_identity_mapping. */
export const conversations = pgTable(
  "conversations",
  {
    id: uuidId(),
    instructorId: instructorId(),
    channel: text("channel").$type<Channel>().notNull(),
    /** The sender identity as the channel gives it (WhatsApp: the `wa_id`/`from` digits). */
    externalIdentity: text("external_identity").notNull(),
    /** CM-2.1 step 1: the explicit link. Written only by an explicit human action, never by ingestion. */
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    /** The sender's WhatsApp profile name, unless the instructor edited it. */
    displayName: text("display_name"),
    displayNameEdited: boolean("display_name_edited").notNull().default(false),
    waId: text("wa_id"),
    /** WhatsApp business-scoped user id (BSUID), when present. */
    whatsappUserId: text("whatsapp_user_id"),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
    lastMessagePreview: text("last_message_preview"),
    /** The customer's last inbound message: the 24 h customer service window starts here. */
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    unreadCount: integer("unread_count").notNull().default(0),
    attention: text("attention").$type<ConversationAttention>(),
    attentionReason: text("attention_reason"),
    attentionAt: timestamp("attention_at", { withTimezone: true }),
    ...timestamps(),
    /** Compare-and-set token of the explicit link (CM-2.3): bumped by every link, change and unlink, nothing else. */
    version: integer("version").notNull().default(0),
  },
  (t) => [
    // Both key columns descending, exactly as the inbox orders and pages (a mixed-direction index is not used).
    // NULLS FIRST is what a plain `ORDER BY … DESC` means in PostgreSQL; drizzle-kit would emit NULLS LAST.
    index("conversations_inbox_idx").on(t.instructorId, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("conversations_attention_idx")
      .on(t.instructorId, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.attention} is not null`),
  ],
);

/** TA-3: the only way a sender finds its conversation. Unique per tenant, channel and identity. */
export const channelIdentityMapping = pgTable(
  "channel_identity_mapping",
  {
    id: uuidId(),
    instructorId: instructorId(),
    channel: text("channel").$type<Channel>().notNull(),
    externalIdentity: text("external_identity").notNull(),
    conversationId: conversationId(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("channel_identity_mapping_identity_uq").on(t.instructorId, t.channel, t.externalIdentity)],
);

/** The raw inbound record. Idempotency key of TA-3: (channel, external_message_id). */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: uuidId(),
    instructorId: instructorId(),
    conversationId: conversationId(),
    channel: text("channel").$type<Channel>().notNull(),
    externalMessageId: text("external_message_id").notNull(),
    senderIdentity: text("sender_identity").notNull(),
    phoneNumberId: text("phone_number_id"),
    messageType: text("message_type").notNull(),
    /** The message object exactly as WhatsApp sent it. */
    payload: jsonb("payload").notNull(),
    /** The matching `contacts[]` entry (profile name, wa_id, user_id), when present. */
    contact: jsonb("contact"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("inbound_messages_external_uq").on(t.channel, t.externalMessageId),
    index("inbound_messages_conversation_idx").on(t.conversationId, t.createdAt, t.id),
  ],
);

/** The inbox view of inbound and outbound messages: exactly one row per inbound_messages row. */
export const messages = pgTable(
  "messages",
  {
    id: uuidId(),
    instructorId: instructorId(),
    conversationId: conversationId(),
    inboundMessageId: uuid("inbound_message_id")
      .unique()
      .references(() => inboundMessages.id, { onDelete: "cascade" }),
    direction: text("direction").$type<MessageDirection>().notNull(),
    channel: text("channel").$type<Channel>().notNull(),
    /** WhatsApp message id (wamid): inbound as received, outbound as returned by the Graph API. */
    externalMessageId: text("external_message_id"),
    /** WhatsApp message type: text, image, audio, video, document, sticker, location, contacts, ... */
    type: text("type").notNull(),
    /** Text body, or a media caption. */
    body: text("body"),
    /** A readable one-line summary for the inbox list. */
    summary: text("summary").notNull(),
    /** Type-specific structured content (media id/mime/file name, location, contacts, interactive reply...). */
    content: jsonb("content").$type<Record<string, unknown>>(),
    /** `context.id` of the message this one replies to (or reacts to). */
    replyToExternalId: text("reply_to_external_id"),
    /** The customer's current reaction on this message (an empty/absent emoji removes it). */
    reactionEmoji: text("reaction_emoji"),
    status: text("status").$type<OutboundStatus>(),
    statusError: jsonb("status_error").$type<Record<string, unknown>>(),
    statusUpdatedAt: timestamp("status_updated_at", { withTimezone: true }),
    /** Who wrote an outbound message (the signed-in user), null for inbound. */
    sentByUserId: text("sent_by_user_id"),
    draftId: uuid("draft_id"),
    /** Client-chosen key so a double-submitted manual reply is stored and sent once. */
    idempotencyKey: text("idempotency_key"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("messages_thread_idx").on(t.conversationId, t.createdAt, t.id),
    // The thread and the turn in WhatsApp's order: the message's own time, storage order as the tie-break.
    index("messages_whatsapp_order_idx").on(
      t.conversationId,
      sql`coalesce(${t.sentAt}, ${t.createdAt})`,
      t.createdAt,
      t.id,
    ),
    uniqueIndex("messages_external_uq").on(t.channel, t.externalMessageId),
    uniqueIndex("messages_idempotency_uq").on(t.instructorId, t.idempotencyKey),
    index("messages_instructor_idx").on(t.instructorId),
  ],
);

/** The drafter's result for a conversation's open turn; at most one current (not superseded) per conversation. */
export const drafts = pgTable(
  "drafts",
  {
    id: uuidId(),
    instructorId: instructorId(),
    conversationId: conversationId(),
    /** The newest message of the conversation's turn this draft answers (several drafts per turn over time). */
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    state: text("state").$type<DraftState>().notNull(),
    decision: text("decision").$type<DraftDecision>(),
    /** The policy's reason in plain words ("no draft: confidence 0.41 < 0.70"). */
    reason: text("reason"),
    intent: text("intent").$type<IntentName>(),
    language: text("language").$type<LanguageCode>(),
    confidence: real("confidence"),
    evidence: jsonb("evidence").$type<unknown>(),
    /** Which generator and prompt version produced the draft ("deterministic@1", "model:gpt-x@prompt-2"). */
    generator: text("generator"),
    promptVersion: text("prompt_version"),
    proposedText: text("proposed_text"),
    /** The instructor's edited text; never overwritten by the system. */
    editedText: text("edited_text"),
    rejectReason: text("reject_reason"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    decidedByUserId: text("decided_by_user_id"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    outboundMessageId: uuid("outbound_message_id"),
    ...timestamps(),
    /** The draft that replaced this one (a newer proposal for the same turn, or the next turn's). No FK: written before the new row. */
    supersededBy: uuid("superseded_by"),
  },
  (t) => [
    index("drafts_conversation_idx").on(t.conversationId, t.createdAt),
    index("drafts_state_idx").on(t.state, t.claimedAt),
    index("drafts_message_idx").on(t.messageId),
    // One current draft per conversation: every draft still in play has not been superseded.
    uniqueIndex("drafts_current_per_conversation_uq")
      .on(t.conversationId)
      .where(sql`${t.supersededBy} is null and ${t.state} not in ('superseded', 'rejected', 'sent')`),
  ],
);

/** CM-2.5: append-only record of human actions and state changes that matter. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuidId(),
    instructorId: instructorId(),
    /** The signed-in user who acted, or null for the system. */
    actorUserId: text("actor_user_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_instructor_idx").on(t.instructorId, t.createdAt, t.id)],
);

// ---------------------------------------------------------------------------------------------
// Push notifications on the instructor's devices (Web Push with VAPID).
// ---------------------------------------------------------------------------------------------

/**
 * One browser (device) that receives this instructor's notifications. The endpoint is the push
 * service's address for that browser: unique, so a device re-enabled under another login moves to it.
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuidId(),
    instructorId: instructorId(),
    endpoint: text("endpoint").notNull(),
    /** The browser's P-256 public key and auth secret (base64url), for aes128gcm (RFC 8291). */
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** What the instructor sees in the device list ("Chrome on Android"). */
    deviceLabel: text("device_label").notNull(),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_uq").on(t.endpoint),
    index("push_subscriptions_instructor_idx").on(t.instructorId),
  ],
);

/** Quiet hours: no notification between start and end (minutes after midnight, instructor's time). */
export const pushPreferences = pgTable("push_preferences", {
  instructorId: uuid("instructor_id")
    .primaryKey()
    .references(() => instructors.id, { onDelete: "cascade" }),
  quietHoursEnabled: boolean("quiet_hours_enabled").notNull().default(false),
  quietStartMinute: integer("quiet_start_minute").notNull().default(1320),
  quietEndMinute: integer("quiet_end_minute").notNull().default(420),
  updatedAt: updatedAt(),
});

/**
 * Inbound messages whose `phone_number_id` maps to no instructor (TA-3: instructor context missing).
 * Kept raw so nothing is lost; replayable once the number is mapped. Not tenant-owned by definition.
 */

export const unroutableInbound = pgTable(
  "unroutable_inbound",
  {
    id: uuidId(),
    phoneNumberId: text("phone_number_id"),
    externalMessageId: text("external_message_id").notNull(),
    /** The whole `change.value` the message came in, so a replay has metadata and contacts. */
    value: jsonb("value").notNull(),
    /** The raw item; null for a whole delivery kept because its ingestion threw (`failed_delivery`). */
    message: jsonb("message"),
    replayedAt: timestamp("replayed_at", { withTimezone: true }),
    createdAt: createdAt(),
    // --- quarantine: the same table keeps what could not be ingested, raw and replayable ---
    /** `unroutable` (no instructor for the number), `invalid_item` (failed its schema), `failed_delivery` (ingestion threw). */
    kind: text("kind").$type<QuarantineKind>().notNull().default("unroutable"),
    /** Why, in words safe to print (schema issues, or the error's class): never message content. */
    reason: text("reason"),
  },
  (t) => [uniqueIndex("unroutable_inbound_external_uq").on(t.externalMessageId)],
);

// ---------------------------------------------------------------------------------------------
// Durable job queue (db/queue.ts): background work written in the same transaction as its cause.
// ---------------------------------------------------------------------------------------------

/** One unit of background work. `(kind, key)` is unique: enqueueing the same key again coalesces. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuidId(),
    /** Which handler runs it ("draft_turn", …). */
    kind: text("kind").notNull(),
    /** Dedupe key within the kind (a conversation id, a message id…). */
    key: text("key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    state: text("state").$type<JobState>().notNull().default("queued"),
    /** Not before this time (backoff, delays). */
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * A debounced job's latest start while it waits: a later enqueue pushes run_at out, never past this
     * (db/queue.ts). Null for a job enqueued without a debounce.
     */
    runBy: timestamp("run_by", { withTimezone: true }),
    /** Tries started so far; reset when the job is enqueued again after it finished. */
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    /** The running worker's lease: past it, another worker may take the job over. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    /** Enqueued again while running: run once more after this run ends (nothing is lost). */
    rerun: boolean("rerun").notNull().default(false),
    lastError: text("last_error"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("jobs_kind_key_uq").on(t.kind, t.key),
    // Claims look for one lane's kinds (filing, or the rest): by kind first, so a backlog of one lane's
    // jobs is never scanned by the other's claims.
    index("jobs_due_idx")
      .on(t.kind, t.runAt)
      .where(sql`${t.state} in ('queued', 'running')`),
  ],
);

/**
 * Statuses that arrived before their send's wamid was committed (WhatsApp can be faster than our own
 * commit). Applied when the outbound row gets its wamid; older than a day they are dropped.
 */
export const parkedStatuses = pgTable(
  "parked_statuses",
  {
    id: uuidId(),
    instructorId: instructorId(),
    externalMessageId: text("external_message_id").notNull(),
    status: text("status").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    errors: jsonb("errors").$type<unknown[]>(),
    recipientId: text("recipient_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("parked_statuses_uq").on(t.instructorId, t.externalMessageId, t.status),
    index("parked_statuses_created_idx").on(t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// WhatsApp message templates (cached from Graph) and media files (inbound fetched, outbound uploaded)
// ---------------------------------------------------------------------------------------------

/** The instructor's APPROVED templates as `GET /{waba_id}/message_templates` listed them at `fetched_at`. */
export const whatsappTemplates = pgTable(
  "whatsapp_templates",
  {
    id: uuidId(),
    instructorId: instructorId(),
    businessAccountId: text("business_account_id").notNull(),
    /** Graph's template id. */
    externalId: text("external_id"),
    name: text("name").notNull(),
    /** Language and locale code as WhatsApp writes it ("en_US", "it"). */
    language: text("language").notNull(),
    category: text("category").$type<TemplateCategory>().notNull(),
    /** "POSITIONAL" ({{1}}) or "NAMED" ({{first_name}}). */
    parameterFormat: text("parameter_format").notNull().default("POSITIONAL"),
    components: jsonb("components").$type<unknown[]>().notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("whatsapp_templates_name_language_uq").on(t.instructorId, t.name, t.language)],
);

/** One media file of a message. Inbound: fetched by a `media_fetch` job (db/queue.ts); outbound: uploaded. */
export const mediaFiles = pgTable(
  "media_files",
  {
    id: uuidId(),
    instructorId: instructorId(),
    conversationId: conversationId(),
    messageId: uuid("message_id")
      .notNull()
      .unique()
      .references(() => messages.id, { onDelete: "cascade" }),
    direction: text("direction").$type<MessageDirection>().notNull(),
    /** WhatsApp media id (webhook `image.id`…, or the id the upload returned). */
    whatsappMediaId: text("whatsapp_media_id"),
    kind: text("kind").$type<MediaKind>().notNull(),
    mimeType: text("mime_type"),
    /** Hex sha256 as WhatsApp announced it; the stored bytes must match. */
    expectedSha256: text("expected_sha256"),
    fileName: text("file_name"),
    byteSize: bigint("byte_size", { mode: "number" }),
    sha256: text("sha256"),
    /** Where the bytes are: a key under the media folder or in the bucket. */
    storageKey: text("storage_key"),
    state: text("state").$type<MediaState>().notNull(),
    /** Fetch attempts so far, and the last one's problem in plain words. */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** Webhook media ids stop working 7 days after the message: no retry after this. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [index("media_files_conversation_idx").on(t.conversationId)],
);

export type WhatsappTemplate = typeof whatsappTemplates.$inferSelect;
export type MediaFile = typeof mediaFiles.$inferSelect;

export type Instructor = typeof instructors.$inferSelect;
export type NewInstructor = typeof instructors.$inferInsert;
export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
export type CustomerIdentifier = typeof customerIdentifiers.$inferSelect;
export type NewCustomerIdentifier = typeof customerIdentifiers.$inferInsert;
export type Conversation = typeof conversations.$inferSelect;
export type NewConversation = typeof conversations.$inferInsert;
export type ChannelIdentityMapping = typeof channelIdentityMapping.$inferSelect;
export type InboundMessage = typeof inboundMessages.$inferSelect;
export type NewInboundMessage = typeof inboundMessages.$inferInsert;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Draft = typeof drafts.$inferSelect;
export type NewDraft = typeof drafts.$inferInsert;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type UnroutableInbound = typeof unroutableInbound.$inferSelect;
export type PushSubscription = typeof pushSubscriptions.$inferSelect;
export type PushPreferences = typeof pushPreferences.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type ParkedStatus = typeof parkedStatuses.$inferSelect;
