/** GET /api/conversations/:id/messages?cursor=: an older page of the thread (loaded on scroll). */
import { isOwnConversation } from "@/db/queries/customer-link";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { getThreadMessages } from "@/db/queries/threads";
import { signedInRoute } from "@/server/signed-in-route";
import { threadMessagesQuerySchema } from "@/lib/validation/inbox";
import { unknownCursorResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/conversations/:conversationId/messages",
  owns: ({ instructorId, params }) => isOwnConversation({ instructorId, ...params }),
  query: threadMessagesQuerySchema,
  handler: async ({ instructorId, params, query: { cursor } }) => {
    if (!decodeCursor(cursor)) return unknownCursorResponse();
    return Response.json(await getThreadMessages({ instructorId, conversationId: params.conversationId, cursor }));
  },
});
