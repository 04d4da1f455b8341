/** POST /api/conversations/:id/link {customerId, version, seenSignal}: link or change the link (CM-2.3). */
import { createdACustomer, isOwnConversation, linkConversationToCustomer } from "@/db/queries/customer-link";
import { requireSignedInApi } from "@/server/auth-session";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { linkConversationSchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/link",
  async (request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    // Tenant check before validation, so another instructor's conversation answers 404 whatever the body.
    if (!(await isOwnConversation({ instructorId: signedIn.instructor.id, conversationId }))) return notFoundResponse();
    const parsed = await parseJsonBody(request, linkConversationSchema);
    if (!parsed.ok) return parsed.response;
    const { customerId, version, seenSignal } = parsed.data;
    const result = await linkConversationToCustomer({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      conversationId,
      customerId,
      expectedVersion: version,
      seenSignal,
    });
    return resultResponse(result, { created: createdACustomer(result) });
  },
);
