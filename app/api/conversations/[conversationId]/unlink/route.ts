/** POST /api/conversations/:id/unlink {version, seenSignal}: remove the explicit link (CM-2.3). */
import { createdACustomer, isOwnConversation, unlinkConversation } from "@/db/queries/customer-link";
import { requireSignedInApi } from "@/server/auth-session";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { unlinkConversationSchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/unlink",
  async (request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    if (!(await isOwnConversation({ instructorId: signedIn.instructor.id, conversationId }))) return notFoundResponse();
    const parsed = await parseJsonBody(request, unlinkConversationSchema);
    if (!parsed.ok) return parsed.response;
    const result = await unlinkConversation({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      conversationId,
      expectedVersion: parsed.data.version,
      seenSignal: parsed.data.seenSignal,
    });
    return resultResponse(result, { created: createdACustomer(result) });
  },
);
