import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { messages } from "@/db/schema";
import { draftConversationTurn } from "./draft-conversation-turn";
import type { DraftTurnResult, OrchestrateOptions } from "./draft-turn-types";

/**
 * Drafts the turn of the conversation `messageId` belongs to, now, in this call (scripts and tests;
 * production goes through the queue).
 */
export async function runInboundDraftOrchestration(
  { instructorId, messageId }: { instructorId: string; messageId: string },
  options: OrchestrateOptions = {},
): Promise<DraftTurnResult | { outcome: "skipped"; reason: "message not found" }> {
  const [message] = await db
    .select({ conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.instructorId, instructorId)))
    .limit(1);
  if (!message) return { outcome: "skipped", reason: "message not found" };
  return draftConversationTurn({ instructorId, conversationId: message.conversationId }, options);
}
