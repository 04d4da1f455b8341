/** POST /api/conversations/:id/link {customerId, version, seenSignal}: link or change the link (CM-2.3). */
import { createdACustomer, isOwnConversation, linkConversationToCustomer } from "@/db/queries/customer-link";
import { resultResponse } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";
import { linkConversationSchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/link",
  owns: ({ instructorId, params }) => isOwnConversation({ instructorId, ...params }),
  body: linkConversationSchema,
  handler: async ({ signedIn, instructorId, params, body: { customerId, version, seenSignal } }) => {
    const result = await linkConversationToCustomer({
      instructorId,
      userId: signedIn.userId,
      conversationId: params.conversationId,
      customerId,
      expectedVersion: version,
      seenSignal,
    });
    return resultResponse(result, { created: createdACustomer(result) });
  },
});
