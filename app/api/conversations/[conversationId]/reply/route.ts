/** POST /api/conversations/:id/reply {body, idempotencyKey}: a manual reply, sent once per key. */
import { httpStatusForSendResult } from "@/db/sending/send-result";
import { sendManualReply } from "@/db/sending/send-manual-reply";
import { requireSignedInApi } from "@/lib/auth-session";
import { manualReplySchema } from "@/lib/validation/inbox";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const { conversationId } = await params;
  const parsed = await parseJsonBody(request, manualReplySchema);
  if (!parsed.ok) return parsed.response;
  const result = await sendManualReply({ instructorId: signedIn.instructor.id, userId: signedIn.userId, conversationId, ...parsed.data });
  return Response.json(result, { status: httpStatusForSendResult(result) });
}
