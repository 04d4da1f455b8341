import "server-only";
/** How many of the instructor's conversations have unread messages (the tab title and favicon badge). */
import { and, count, eq, gt } from "drizzle-orm";
import { db } from "@/db";
import { conversations } from "@/db/schema";

export async function countUnreadConversations({ instructorId }: { instructorId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(conversations)
    .where(and(eq(conversations.instructorId, instructorId), gt(conversations.unreadCount, 0)));
  return Number(row?.n ?? 0);
}
