import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { db } from "@/db";
import { conversations, instructors, messages } from "@/db/schema";
import { markMessageRead } from "@/server/whatsapp/graph-client";
import { isUuid } from "@/lib/validation/is-uuid";
import { sendConfigFromEnv, type SendConfig } from "./send-config";

export type MarkConversationReadResult =
  | { kind: "marked"; messageId: string }
  | { kind: "disabled" | "not_configured" | "nothing_to_mark" | "not_found" }
  | { kind: "failed"; message: string };

/**
 * Optional (setting `instructors.mark_read_on_open`): when the instructor opens a conversation, mark
 * its latest inbound message as read on WhatsApp (the customer sees blue ticks; earlier ones follow).
 * Best effort: a failure changes nothing here and is only reported.
 */
export async function markConversationReadOnWhatsApp({
  instructorId,
  conversationId,
  config = sendConfigFromEnv(),
}: {
  instructorId: string;
  conversationId: string;
  config?: SendConfig;
}): Promise<MarkConversationReadResult> {
  if (!isUuid(conversationId)) return { kind: "not_found" };
  const [found] = await db
    .select({
      markReadOnOpen: instructors.markReadOnOpen,
      phoneNumberId: instructors.whatsappPhoneNumberId,
      channel: conversations.channel,
    })
    .from(conversations)
    .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .limit(1);
  if (!found) return { kind: "not_found" };
  if (!found.markReadOnOpen) return { kind: "disabled" };
  if (!config.accessToken || !found.phoneNumberId) return { kind: "not_configured" };
  const [latest] = await db
    .select({ externalMessageId: messages.externalMessageId })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.instructorId, instructorId),
        eq(messages.direction, "inbound"),
        isNotNull(messages.externalMessageId),
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  if (!latest?.externalMessageId) return { kind: "nothing_to_mark" };
  const result = await markMessageRead({
    graphUrl: config.graphUrl,
    accessToken: config.accessToken,
    timeoutMs: config.timeoutMs,
    phoneNumberId: found.phoneNumberId,
    messageId: latest.externalMessageId,
  });
  if (result.outcome === "ok") return { kind: "marked", messageId: latest.externalMessageId };
  return { kind: "failed", message: result.outcome === "rejected" ? result.error.message : result.detail };
}
