/** GET /api/conversations/:id/templates: approved templates for this conversation, customer's language first, prefilled. */
import { listTemplatesForConversation } from "@/db/templates/whatsapp-templates";
import { signedInRoute } from "@/server/signed-in-route";
import { isUuid } from "@/lib/validation/is-uuid";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/conversations/:conversationId/templates",
  handler: async ({ instructorId, params: { conversationId } }) => {
    const result = isUuid(conversationId) ? await listTemplatesForConversation({ instructorId, conversationId }) : null;
    return result ? Response.json(result) : notFoundResponse();
  },
});
