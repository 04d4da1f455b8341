/** GET /api/customers?q=&cursor=: list/search. POST: create a customer (idempotency key). */
import { createCustomer, listCustomers } from "@/db/queries/customers";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { resultResponse } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";
import { createCustomerSchema, customerSearchSchema } from "@/lib/validation/inbox";
import { unknownCursorResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/customers",
  query: customerSearchSchema,
  handler: async ({ instructorId, query: { q, cursor } }) => {
    if (cursor && !decodeCursor(cursor, "text")) return unknownCursorResponse();
    return Response.json(await listCustomers({ instructorId, q, cursor }));
  },
});

export const POST = signedInRoute({
  name: "POST /api/customers",
  body: createCustomerSchema,
  handler: async ({ signedIn, instructorId, body }) => {
    const result = await createCustomer({ instructorId, userId: signedIn.userId, ...body });
    return resultResponse(result, { created: result.kind === "saved" && result.created });
  },
});
