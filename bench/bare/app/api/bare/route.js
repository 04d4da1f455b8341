/* global Response */
// The bare framework route of `npm run bench`: reads the body and answers 200, nothing else. The webhook's
// throughput is reported as a share of this (what Next itself costs on this machine for a POST with a body).
export const dynamic = "force-dynamic";

export async function POST(request) {
  await request.arrayBuffer();
  return new Response(null, { status: 200 });
}
