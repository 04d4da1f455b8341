import { db, getDbHandle } from "@/db";
import { pingDatabase } from "@/db/queries/health";

export const dynamic = "force-dynamic";

/** 200 when the database answers, 503 when it does not. */
export async function GET() {
  const ok = await pingDatabase({ db });
  return Response.json(
    { kind: ok ? "ok" : "unavailable", ok, database: ok ? "up" : "down", driver: getDbHandle().kind },
    { status: ok ? 200 : 503 },
  );
}
