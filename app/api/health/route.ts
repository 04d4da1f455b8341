import { db, getDbHandle } from "@/db";
import { filingBacklog, pingDatabase } from "@/db/queries/health";

export const dynamic = "force-dynamic";

/**
 * 200 when the database answers, 503 when it does not; with the webhook deliveries waiting to be filed
 * (`filing.waiting`, `filing.oldestSeconds`), so a deployment whose workers stopped shows it.
 */
export async function GET() {
  const ok = await pingDatabase({ db });
  const filing = ok ? await filingBacklog(db).catch(() => null) : null;
  return Response.json(
    {
      kind: ok ? "ok" : "unavailable",
      ok,
      database: ok ? "up" : "down",
      driver: getDbHandle().kind,
      ...(filing ? { filing } : {}),
    },
    { status: ok ? 200 : 503 },
  );
}
