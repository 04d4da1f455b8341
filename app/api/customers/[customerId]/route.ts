/** GET /api/customers/:id, PATCH (edit with compare-and-set on `version`). 404 if not this instructor's. */
import { getCustomer, updateCustomer } from "@/db/queries/customers";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { updateCustomerSchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ customerId: string }> };

export const GET = apiRoute(
  "GET /api/customers/:customerId",
  async (_request: Request, { params }: Params): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const customer = await getCustomer({ instructorId: signedIn.instructor.id, customerId: (await params).customerId });
    return customer ? Response.json(customer) : notFoundResponse();
  },
);

export const PATCH = apiRoute(
  "PATCH /api/customers/:customerId",
  async (request: Request, { params }: Params): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { customerId } = await params;
    // Tenant check before validation, so another instructor's id answers 404 whatever the body.
    if (!(await getCustomer({ instructorId: signedIn.instructor.id, customerId }))) return notFoundResponse();
    const parsed = await parseJsonBody(request, updateCustomerSchema);
    if (!parsed.ok) return parsed.response;
    const result = await updateCustomer({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      customerId,
      ...parsed.data,
    });
    return resultResponse(result, { created: result.kind === "saved" && result.created });
  },
);
