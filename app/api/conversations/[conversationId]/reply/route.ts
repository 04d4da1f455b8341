/** POST /api/conversations/:id/reply {body, idempotencyKey}: a manual reply, sent once per key. */
import { sendManualReply } from "@/db/sending/send-manual-reply";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { manualReplySchema } from "@/lib/validation/inbox";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/reply",
  async (request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const parsed = await parseJsonBody(request, manualReplySchema);
    if (!parsed.ok) return parsed.response;
    const result = await sendManualReply({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      conversationId,
      ...parsed.data,
    });
    return resultResponse(result);
  },
);
