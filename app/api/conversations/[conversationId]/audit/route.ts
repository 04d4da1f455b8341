/** GET /api/conversations/:id/audit: the conversation's audit trail, newest first (CM-2.5). 404 if not this instructor's. */
import { getConversationAuditTrail } from "@/db/queries/audit-trail";
import { signedInRoute } from "@/server/signed-in-route";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/conversations/:conversationId/audit",
  handler: async ({ instructorId, params: { conversationId } }) => {
    const trail = await getConversationAuditTrail({ instructorId, conversationId });
    return trail ? Response.json({ items: trail }) : notFoundResponse();
  },
});
