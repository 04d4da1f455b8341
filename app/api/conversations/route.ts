/** GET /api/conversations?filter=&cursor=: the signed-in instructor's inbox list (polled by the inbox). */
import { listConversations } from "@/db/queries/conversations";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { signedInRoute } from "@/server/signed-in-route";
import { conversationListQuerySchema } from "@/lib/validation/inbox";
import { unknownCursorResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/conversations",
  query: conversationListQuerySchema,
  handler: async ({ instructorId, query: { filter, cursor, limit } }) => {
    if (cursor && !decodeCursor(cursor)) return unknownCursorResponse();
    return Response.json(await listConversations({ instructorId, filter, cursor, limit }));
  },
});
