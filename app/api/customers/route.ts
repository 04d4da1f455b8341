/** GET /api/customers?q=&cursor=: list/search. POST: create a customer (idempotency key). */
import { createCustomer, listCustomers } from "@/db/queries/customers";
import { decodeCursor } from "@/db/queries/conversations";
import { requireSignedInApi } from "@/lib/auth-session";
import { createCustomerSchema, customerSearchSchema } from "@/lib/validation/inbox";
import { parseJsonBody, parseQuery } from "@/lib/validation/parse-request";
import { statusForSaveCustomer } from "./status";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const query = parseQuery(request, customerSearchSchema);
  if (!query.ok) return query.response;
  if (query.data.cursor && !decodeCursor(query.data.cursor, "text")) return Response.json({ kind: "invalid", message: "Unknown cursor." }, { status: 400 });
  return Response.json(await listCustomers({ instructorId: signedIn.instructor.id, q: query.data.q, cursor: query.data.cursor }));
}

export async function POST(request: Request): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, createCustomerSchema);
  if (!parsed.ok) return parsed.response;
  const result = await createCustomer({ instructorId: signedIn.instructor.id, userId: signedIn.userId, ...parsed.data });
  return Response.json(result, { status: statusForSaveCustomer(result) });
}
