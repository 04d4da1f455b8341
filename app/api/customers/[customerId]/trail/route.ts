/** GET /api/customers/:id/trail: the customer, its conversations and its audit trail, newest first (CM-2.5). 404 if not this instructor's. */
import { getCustomerPage } from "@/db/queries/audit-trail";
import { requireSignedInApi } from "@/server/auth-session";
import { apiRoute } from "@/server/api-route";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  "GET /api/customers/:customerId/trail",
  async (_request: Request, { params }: { params: Promise<{ customerId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const page = await getCustomerPage({ instructorId: signedIn.instructor.id, customerId: (await params).customerId });
    return page ? Response.json(page) : notFoundResponse();
  },
);
