/** GET /api/customers?q=&cursor=: list/search. POST: create a customer (idempotency key). */
import { createCustomer, listCustomers } from "@/db/queries/customers";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { createCustomerSchema, customerSearchSchema } from "@/lib/validation/inbox";
import { parseJsonBody, parseQuery, unknownCursorResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/customers", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const query = parseQuery(request, customerSearchSchema);
  if (!query.ok) return query.response;
  if (query.data.cursor && !decodeCursor(query.data.cursor, "text")) return unknownCursorResponse();
  return Response.json(
    await listCustomers({ instructorId: signedIn.instructor.id, q: query.data.q, cursor: query.data.cursor }),
  );
});

export const POST = apiRoute("POST /api/customers", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, createCustomerSchema);
  if (!parsed.ok) return parsed.response;
  const result = await createCustomer({
    instructorId: signedIn.instructor.id,
    userId: signedIn.userId,
    ...parsed.data,
  });
  return resultResponse(result, { created: result.kind === "saved" && result.created });
});
