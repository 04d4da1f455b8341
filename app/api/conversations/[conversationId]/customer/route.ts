/** POST /api/conversations/:id/customer {displayName, identifiers, …, version, seenSignal}: create a customer from this sender and link it. */
import { createCustomerFromConversation, isOwnConversation, statusForCustomerLink } from "@/db/queries/customer-link";
import { requireSignedInApi } from "@/lib/auth-session";
import { createCustomerFromConversationSchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
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
  return Response.json(result, { status: statusForCustomerLink(result) });
}
