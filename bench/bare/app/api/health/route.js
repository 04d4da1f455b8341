/* global Response */
// Readiness probe for the bench's server starter.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
