/** POST /api/conversations/:id/customer {displayName, identifiers, …, version, seenSignal}: create a customer from this sender and link it. */
import { createCustomerFromConversation, createdACustomer, isOwnConversation } from "@/db/queries/customer-link";
import { resultResponse } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";
import { createCustomerFromConversationSchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/customer",
  owns: ({ instructorId, params }) => isOwnConversation({ instructorId, ...params }),
  body: createCustomerFromConversationSchema,
  handler: async ({ signedIn, instructorId, params, body: { version, ...fields } }) => {
    const result = await createCustomerFromConversation({
      instructorId,
      userId: signedIn.userId,
      conversationId: params.conversationId,
      expectedVersion: version,
      ...fields,
    });
    return resultResponse(result, { created: createdACustomer(result) });
  },
});
