/** POST /api/conversations/:id/customer {displayName, identifiers, …, version, seenSignal}: create a customer from this sender and link it. */
import { createCustomerFromConversation, createdACustomer, isOwnConversation } from "@/db/queries/customer-link";
import { requireSignedInApi } from "@/server/auth-session";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { createCustomerFromConversationSchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/customer",
  async (request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    if (!(await isOwnConversation({ instructorId: signedIn.instructor.id, conversationId }))) return notFoundResponse();
    const parsed = await parseJsonBody(request, createCustomerFromConversationSchema);
    if (!parsed.ok) return parsed.response;
    const { version, ...fields } = parsed.data;
    const result = await createCustomerFromConversation({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      conversationId,
      expectedVersion: version,
      ...fields,
    });
    return resultResponse(result, { created: createdACustomer(result) });
  },
);
