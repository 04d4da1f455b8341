/** POST /api/conversations/:id/read: the instructor has the conversation open → unread_count = 0. */
import { markConversationRead } from "@/db/queries/conversations";
import { isOwnConversation } from "@/db/queries/customer-link";
import { markConversationReadOnWhatsApp } from "@/db/sending/mark-conversation-read-on-whatsapp";
import { signedInRoute } from "@/server/signed-in-route";
import { runAfterResponse } from "@/server/run-after-response";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/read",
  owns: ({ instructorId, params }) => isOwnConversation({ instructorId, ...params }),
  handler: async ({ instructorId, params: { conversationId } }) => {
    await markConversationRead({ instructorId, conversationId });
    // Optional blue ticks for the customer (setting mark_read_on_open); best effort, never blocks.
    runAfterResponse("mark-read-on-whatsapp", async () => {
      await markConversationReadOnWhatsApp({ instructorId, conversationId });
    });
    return Response.json({ ok: true });
  },
});
