/** GET /api/conversations?filter=&cursor=: the signed-in instructor's inbox list (polled by the inbox). */
import { listConversations } from "@/db/queries/conversations";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { conversationListQuerySchema } from "@/lib/validation/inbox";
import { parseQuery, unknownCursorResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/conversations", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const query = parseQuery(request, conversationListQuerySchema);
  if (!query.ok) return query.response;
  const { filter, cursor, limit } = query.data;
  if (cursor && !decodeCursor(cursor)) return unknownCursorResponse();
  return Response.json(await listConversations({ instructorId: signedIn.instructor.id, filter, cursor, limit }));
});
