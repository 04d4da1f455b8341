/** GET /api/conversations/:id: the thread (newest messages, draft, signal, window). 404 if not this instructor's. */
import { getThread } from "@/db/queries/threads";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/conversations/:conversationId",
  async (_request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const thread = await getThread({ instructorId: signedIn.instructor.id, conversationId });
    return thread ? Response.json(thread) : notFoundResponse();
  },
);
