import "server-only";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { db } from "@/db";
import { conversations } from "@/db/schema";

export interface ConversationCursor {
  lastMessageAt: Date;
  id: string;
}

/** The inbox list: newest first, keyset-paginated on (last_message_at desc, id desc). Never OFFSET. */
export async function listConversations({ instructorId, before, limit = 30 }: { instructorId: string; before?: ConversationCursor; limit?: number }) {
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.instructorId, instructorId),
        before
          ? or(lt(conversations.lastMessageAt, before.lastMessageAt), and(eq(conversations.lastMessageAt, before.lastMessageAt), lt(conversations.id, before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(limit);
}
