/** GET /api/conversations/:id/messages?cursor=: an older page of the thread (loaded on scroll). */
import { getConversation } from "@/db/queries/conversations";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { getThreadMessages } from "@/db/queries/threads";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { threadMessagesQuerySchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseQuery, unknownCursorResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/conversations/:conversationId/messages",
  async (request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const instructorId = signedIn.instructor.id;
    if (!(await getConversation({ instructorId, conversationId }))) return notFoundResponse();
    const query = parseQuery(request, threadMessagesQuerySchema);
    if (!query.ok) return query.response;
    if (!decodeCursor(query.data.cursor)) return unknownCursorResponse();
    return Response.json(await getThreadMessages({ instructorId, conversationId, cursor: query.data.cursor }));
  },
);
