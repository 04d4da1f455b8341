/** GET /api/conversations/:id: the thread (newest messages, draft, signal, window). 404 if not this instructor's. */
import { getThread } from "@/db/queries/threads";
import { signedInRoute } from "@/server/signed-in-route";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/conversations/:conversationId",
  handler: async ({ instructorId, params }) => {
    const thread = await getThread({ instructorId, conversationId: params.conversationId });
    return thread ? Response.json(thread) : notFoundResponse();
  },
});
