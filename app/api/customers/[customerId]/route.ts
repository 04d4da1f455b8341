/** GET /api/customers/:id, PATCH (edit with compare-and-set on `version`). 404 if not this instructor's. */
import { getCustomer, updateCustomer } from "@/db/queries/customers";
import { resultResponse } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";
import { updateCustomerSchema } from "@/lib/validation/inbox";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/customers/:customerId",
  handler: async ({ instructorId, params }) => {
    const customer = await getCustomer({ instructorId, ...params });
    return customer ? Response.json(customer) : notFoundResponse();
  },
});

export const PATCH = signedInRoute({
  name: "PATCH /api/customers/:customerId",
  owns: async ({ instructorId, params }) => (await getCustomer({ instructorId, ...params })) !== null,
  body: updateCustomerSchema,
  handler: async ({ signedIn, instructorId, params, body }) => {
    const result = await updateCustomer({ instructorId, userId: signedIn.userId, ...params, ...body });
    return resultResponse(result, { created: result.kind === "saved" && result.created });
  },
});
