/** POST /api/conversations/:id/read: the instructor has the conversation open → unread_count = 0. */
import { getConversation, markConversationRead } from "@/db/queries/conversations";
import { markConversationReadOnWhatsApp } from "@/db/sending/mark-conversation-read-on-whatsapp";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { runAfterResponse } from "@/server/run-after-response";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/read",
  async (_request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const instructorId = signedIn.instructor.id;
    if (!(await getConversation({ instructorId, conversationId }))) return notFoundResponse();
    await markConversationRead({ instructorId, conversationId });
    // Optional blue ticks for the customer (setting mark_read_on_open); best effort, never blocks.
    runAfterResponse("mark-read-on-whatsapp", async () => {
      await markConversationReadOnWhatsApp({ instructorId, conversationId });
    });
    return Response.json({ ok: true });
  },
);
