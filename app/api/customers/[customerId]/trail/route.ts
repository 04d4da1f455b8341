/** GET /api/customers/:id/trail: the customer, its conversations and its audit trail, newest first (CM-2.5). 404 if not this instructor's. */
import { getCustomerPage } from "@/db/queries/audit-trail";
import { signedInRoute } from "@/server/signed-in-route";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/customers/:customerId/trail",
  handler: async ({ instructorId, params }) => {
    const page = await getCustomerPage({ instructorId, ...params });
    return page ? Response.json(page) : notFoundResponse();
  },
});
