/** GET /api/conversations/:id/audit: the conversation's audit trail, newest first (CM-2.5). 404 if not this instructor's. */
import { getConversationAuditTrail } from "@/db/queries/audit-trail";
import { requireSignedInApi } from "@/server/auth-session";
import { apiRoute } from "@/server/api-route";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/conversations/:conversationId/audit",
  async (_request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const trail = await getConversationAuditTrail({
      instructorId: signedIn.instructor.id,
      conversationId: (await params).conversationId,
    });
    return trail ? Response.json({ items: trail }) : notFoundResponse();
  },
);
