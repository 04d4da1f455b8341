import "server-only";
/**
 * The instructor's approved WhatsApp templates: the WhatsApp Business Account id (settings), a cache of
 * `GET /{waba_id}/message_templates` (APPROVED only) replaced as a whole on refresh, and the list the
 * template picker shows (customer's language first, values prefilled from the conversation).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  conversations,
  customers,
  drafts,
  instructors,
  messages,
  whatsappTemplates,
  type WhatsappTemplate,
} from "@/db/schema";
import { sendConfigFromEnv, type SendConfig } from "@/db/sending/send-config";
import {
  mediaHeaderFormat,
  prefillTemplateValues,
  sortTemplatesForLanguage,
  suggestTemplate,
  templateVariables,
  variableId,
} from "@/lib/whatsapp/message-templates";
import { listApprovedTemplates } from "@/server/whatsapp/graph-reads";
import { linkedCustomerOfConversation } from "@/db/queries/linked-customer-of-conversation";

/** Graph ids are digits; anything else is refused before it is stored or put into a URL. */
export const BUSINESS_ACCOUNT_ID_PATTERN = /^\d{5,30}$/;

export interface TemplateSettings {
  businessAccountId: string | null;
  fetchedAt: string | null;
  count: number;
}

export async function getTemplateSettings({
  instructorId,
}: {
  instructorId: string;
}): Promise<TemplateSettings | null> {
  const [instructor] = await db
    .select({ businessAccountId: instructors.whatsappBusinessAccountId })
    .from(instructors)
    .where(eq(instructors.id, instructorId));
  if (!instructor) return null;
  const [cache] = await db
    .select({
      fetchedAt: sql<Date | null>`max(${whatsappTemplates.fetchedAt})`.mapWith(whatsappTemplates.fetchedAt),
      count: sql<number>`count(*)::int`,
    })
    .from(whatsappTemplates)
    .where(eq(whatsappTemplates.instructorId, instructorId));
  return {
    businessAccountId: instructor.businessAccountId,
    fetchedAt: cache?.fetchedAt ? new Date(cache.fetchedAt).toISOString() : null,
    count: Number(cache?.count ?? 0),
  };
}

/** Set (or clear) the WhatsApp Business Account id. A different account drops the cached templates. */
export async function setBusinessAccountId({
  instructorId,
  userId,
  businessAccountId,
}: {
  instructorId: string;
  userId: string;
  businessAccountId: string | null;
}) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: instructors.whatsappBusinessAccountId })
      .from(instructors)
      .where(eq(instructors.id, instructorId))
      .for("update");
    if (!before) return { kind: "not_found" as const, message: "Not found." };
    if (before.id === businessAccountId) return { kind: "saved" as const, message: "Saved." };
    await tx
      .update(instructors)
      .set({ whatsappBusinessAccountId: businessAccountId, updatedAt: sql`now()` })
      .where(eq(instructors.id, instructorId));
    await tx.delete(whatsappTemplates).where(eq(whatsappTemplates.instructorId, instructorId));
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "settings.changed",
      entityType: "instructor",
      entityId: instructorId,
      data: {
        changed: ["whatsappBusinessAccountId"],
        before: { whatsappBusinessAccountId: before.id },
        after: { whatsappBusinessAccountId: businessAccountId },
      },
    });
    return { kind: "saved" as const, message: "Saved." };
  });
}

export type RefreshTemplatesResult =
  | { kind: "ok"; count: number; message: string }
  | { kind: "not_configured"; message: string }
  /** WhatsApp could not be reached or refused the listing: the cached templates are kept. */
  | { kind: "unavailable"; message: string }
  | { kind: "not_found"; message: string };

/** Fetch the approved templates from Graph and replace the cache in one transaction (nothing changes on failure). */
export async function refreshTemplates({
  instructorId,
  userId,
  config = sendConfigFromEnv(),
  now = new Date(),
}: {
  instructorId: string;
  userId: string;
  config?: SendConfig;
  now?: Date;
}): Promise<RefreshTemplatesResult> {
  const [instructor] = await db
    .select({ businessAccountId: instructors.whatsappBusinessAccountId })
    .from(instructors)
    .where(eq(instructors.id, instructorId));
  if (!instructor) return { kind: "not_found", message: "Not found." };
  if (!instructor.businessAccountId)
    return { kind: "not_configured", message: "Enter your WhatsApp Business Account id first." };
  if (!config.accessToken)
    return {
      kind: "not_configured",
      message: "WhatsApp is not configured on this server (no access token), so templates cannot be listed.",
    };
  const businessAccountId = instructor.businessAccountId;
  const listed = await listApprovedTemplates({
    graphUrl: config.graphUrl,
    accessToken: config.accessToken,
    timeoutMs: config.timeoutMs,
    businessAccountId,
  });
  if (!listed.ok) {
    const what = listed.error?.message.replace(/^Not sent: /, "") ?? listed.detail;
    return {
      kind: "unavailable",
      message: `Templates could not be loaded: ${what} The templates listed before are kept.`,
    };
  }
  // Last wins if Graph listed one name+language twice.
  const unique = new Map(listed.templates.map((t) => [`${t.name}/${t.language}`, t]));
  await db.transaction(async (tx) => {
    await tx.delete(whatsappTemplates).where(eq(whatsappTemplates.instructorId, instructorId));
    for (const t of unique.values()) {
      const values = {
        instructorId,
        businessAccountId,
        externalId: t.id ?? null,
        name: t.name,
        language: t.language,
        category: t.category,
        parameterFormat: (t.parameter_format ?? "POSITIONAL").toUpperCase(),
        components: t.components as unknown[],
        fetchedAt: now,
      };
      await tx.insert(whatsappTemplates).values(values);
    }
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "templates.refreshed",
      entityType: "instructor",
      entityId: instructorId,
      data: { count: unique.size, skipped: listed.skipped },
    });
  });
  return {
    kind: "ok",
    count: unique.size,
    message: `${unique.size} approved template${unique.size === 1 ? "" : "s"} loaded.`,
  };
}

export interface PickerTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  parameterFormat: string;
  components: unknown[];
  variables: { id: string; component: "header" | "body"; key: string }[];
  prefill: Record<string, string>;
  /** Set when the template has an image/video/document header, which this inbox cannot fill. */
  unsupportedHeader: string | null;
  matchesCustomerLanguage: boolean;
}

/** The templates for one conversation's picker: customer's language first, variables prefilled. */
export async function listTemplatesForConversation({
  instructorId,
  conversationId,
}: {
  instructorId: string;
  conversationId: string;
}) {
  const [found] = await db
    .select({
      displayName: conversations.displayName,
      customerName: customers.displayName,
      instructorName: instructors.name,
    })
    .from(conversations)
    .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
    .leftJoin(customers, linkedCustomerOfConversation)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)));
  if (!found) return null;
  // The customer's language: the newest one the classifier recorded for this conversation.
  const [lang] = await db
    .select({ language: drafts.language })
    .from(drafts)
    .where(
      and(
        eq(drafts.conversationId, conversationId),
        eq(drafts.instructorId, instructorId),
        sql`${drafts.language} is not null`,
      ),
    )
    .orderBy(sql`${drafts.createdAt} desc`)
    .limit(1);
  const customerLanguage = lang?.language ?? null;
  const rows = await db
    .select()
    .from(whatsappTemplates)
    .where(eq(whatsappTemplates.instructorId, instructorId))
    .orderBy(asc(whatsappTemplates.name));
  const context = { customerName: found.customerName ?? found.displayName, instructorName: found.instructorName };
  const templates: PickerTemplate[] = sortTemplatesForLanguage(rows, customerLanguage).map((t) =>
    toPicker(t, context, customerLanguage),
  );
  // The newest message arrived with the window already closed (a late delivery): no free-form draft
  // could be made, so propose a template and its values instead (never sent without the instructor).
  // Late: we stored it 24 h or more after the customer sent it (or drafting said the window was closed).
  const [newest] = await db
    .select({ reason: drafts.reason, createdAt: messages.createdAt, sentAt: messages.sentAt })
    .from(messages)
    .leftJoin(drafts, and(eq(drafts.messageId, messages.id), eq(drafts.instructorId, messages.instructorId)))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.instructorId, instructorId),
        eq(messages.direction, "inbound"),
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(1);
  const arrivedLate = !!newest?.sentAt && newest.createdAt.getTime() - newest.sentAt.getTime() >= 24 * 3_600_000;
  const arrivedClosed = arrivedLate || (!!newest?.reason && /outside the 24 h/.test(newest.reason));
  const picked = arrivedClosed ? suggestTemplate(rows, customerLanguage, context) : null;
  const suggestion = picked
    ? {
        templateId: picked.template.id,
        values: picked.values,
        reason:
          "This message arrived after the 24-hour window had closed, so a template is proposed instead of a reply.",
      }
    : null;
  return { customerLanguage, templates, suggestion };
}

function toPicker(
  t: WhatsappTemplate,
  context: { customerName: string | null; instructorName: string },
  customerLanguage: string | null,
): PickerTemplate {
  const like = { name: t.name, language: t.language, parameterFormat: t.parameterFormat, components: t.components };
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    parameterFormat: t.parameterFormat,
    components: t.components,
    variables: templateVariables(like).map((v) => ({ id: variableId(v), ...v })),
    prefill: prefillTemplateValues(like, context),
    unsupportedHeader: mediaHeaderFormat(like),
    matchesCustomerLanguage: !!customerLanguage && t.language.toLowerCase().split(/[_-]/)[0] === customerLanguage,
  };
}

export async function getTemplate({
  instructorId,
  templateId,
}: {
  instructorId: string;
  templateId: string;
}): Promise<WhatsappTemplate | null> {
  const [row] = await db
    .select()
    .from(whatsappTemplates)
    .where(and(eq(whatsappTemplates.id, templateId), eq(whatsappTemplates.instructorId, instructorId)));
  return row ?? null;
}
