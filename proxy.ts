import { NextResponse, type NextRequest } from "next/server";
import { appUrl, isProduction } from "@/server/env";
import { boundedRequestId, checkApiRequest } from "@/lib/http/request-guard";

/**
 * Every request gets an id (a caller's is kept when short and plain) so logs of one request can be
 * joined; the app's own mutation routes refuse forged cross-site posts and non-JSON or oversized bodies.
 */
export function proxy(request: NextRequest) {
  const requestId = boundedRequestId(request.headers.get("x-request-id")) ?? crypto.randomUUID();
  const refusal = checkApiRequest({
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
    appUrl: isProduction ? appUrl : null,
  });
  if (refusal) {
    const response = refusal.toResponse();
    response.headers.set("x-request-id", requestId);
    return response;
  }
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  // Not the WhatsApp webhook: the guard exempts it anyway (it checks its own size, signature and body), and
  // it gives itself its request id (app/api/webhook/whatsapp), so it saves the proxy's hop and header copy.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/webhook/).*)"],
};
