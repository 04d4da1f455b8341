/** POST /api/conversations/:id/reply {body, idempotencyKey}: a manual reply, sent once per key. */
import { sendManualReply } from "@/db/sending/send-manual-reply";
import { signedInRoute } from "@/server/signed-in-route";
import { manualReplySchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/reply",
  body: manualReplySchema,
  handler: ({ signedIn, instructorId, params, body }) =>
    sendManualReply({ instructorId, userId: signedIn.userId, conversationId: params.conversationId, ...body }),
});
