/** GET /api/conversations/:id/templates: approved templates for this conversation, customer's language first, prefilled. */
import { listTemplatesForConversation } from "@/db/templates/whatsapp-templates";
import { requireSignedInApi } from "@/server/auth-session";
import { AppError } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { isUuid } from "@/lib/validation/is-uuid";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/conversations/:conversationId/templates",
  async (_request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const result = isUuid(conversationId)
      ? await listTemplatesForConversation({ instructorId: signedIn.instructor.id, conversationId })
      : null;
    return result ? Response.json(result) : new AppError("not_found").toResponse();
  },
);
