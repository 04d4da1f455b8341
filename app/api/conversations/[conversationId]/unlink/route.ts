/** POST /api/conversations/:id/unlink {version, seenSignal}: remove the explicit link (CM-2.3). */
import { createdACustomer, isOwnConversation, unlinkConversation } from "@/db/queries/customer-link";
import { resultResponse } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";
import { unlinkConversationSchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/unlink",
  owns: ({ instructorId, params }) => isOwnConversation({ instructorId, ...params }),
  body: unlinkConversationSchema,
  handler: async ({ signedIn, instructorId, params, body: { version, seenSignal } }) => {
    const result = await unlinkConversation({
      instructorId,
      userId: signedIn.userId,
      conversationId: params.conversationId,
      expectedVersion: version,
      seenSignal,
    });
    return resultResponse(result, { created: createdACustomer(result) });
  },
});
