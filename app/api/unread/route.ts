/** GET /api/unread: { conversations } with unread messages, for the tab title and the favicon badge. */
import { countUnreadConversations } from "@/db/queries/unread-count";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/unread",
  handler: async ({ instructorId }) =>
    Response.json({ conversations: await countUnreadConversations({ instructorId }) }),
});
