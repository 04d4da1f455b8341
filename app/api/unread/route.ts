/** GET /api/unread: { conversations } with unread messages, for the tab title and the favicon badge. */
import { countUnreadConversations } from "@/db/queries/unread-count";
import { requireSignedInApi } from "@/server/auth-session";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/unread", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  return Response.json({ conversations: await countUnreadConversations({ instructorId: signedIn.instructor.id }) });
});
