export const dynamic = "force-dynamic";

/** Liveness: the process answers HTTP. No database work (the benchmark's ceiling route). */
export function GET() {
  return Response.json({ ok: true });
}
