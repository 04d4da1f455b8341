/** GET /api/conversations/:id/templates: approved templates for this conversation, customer's language first, prefilled. */
import { listTemplatesForConversation } from "@/db/templates/whatsapp-templates";
import { requireSignedInApi } from "@/lib/auth-session";
import { isUuid } from "@/lib/validation/is-uuid";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const { conversationId } = await params;
  if (!isUuid(conversationId)) return notFoundResponse();
  const result = await listTemplatesForConversation({ instructorId: signedIn.instructor.id, conversationId });
  return result ? Response.json(result) : notFoundResponse();
}
