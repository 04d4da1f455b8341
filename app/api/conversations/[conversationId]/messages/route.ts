/** GET /api/conversations/:id/messages?cursor=: an older page of the thread (loaded on scroll). */
import { decodeCursor, getConversation } from "@/db/queries/conversations";
import { getThreadMessages } from "@/db/queries/threads";
import { requireSignedInApi } from "@/lib/auth-session";
import { threadMessagesQuerySchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseQuery } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const { conversationId } = await params;
  const instructorId = signedIn.instructor.id;
  if (!(await getConversation({ instructorId, conversationId }))) return notFoundResponse();
  const query = parseQuery(request, threadMessagesQuerySchema);
  if (!query.ok) return query.response;
  if (!decodeCursor(query.data.cursor)) return Response.json({ kind: "invalid", message: "Unknown cursor." }, { status: 400 });
  return Response.json(await getThreadMessages({ instructorId, conversationId, cursor: query.data.cursor }));
}
