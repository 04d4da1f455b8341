import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type DbOrTx } from "@/db";
import { FILE_DELIVERY_JOB } from "@/db/ingestion/file-delivery-job";

/** True when the database answers `select 1` within the timeout. */
export async function pingDatabase({ db, timeoutMs = 2000 }: { db: Db; timeoutMs?: number }): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Webhook deliveries stored but not filed yet (`file_delivery` jobs waiting or running), and the age of the
 * oldest in seconds: a growing figure means no worker is filing (`WEB_JOB_WORKER=off` and no `npm run worker`).
 */
export async function filingBacklog(db: DbOrTx): Promise<{ waiting: number; oldestSeconds: number }> {
  const [row] = rowsOf<{ waiting: number | string; oldest: number | string | null }>(
    await db.execute(sql`select count(*)::int as waiting,
        extract(epoch from now() - min(created_at))::float8 as oldest
      from jobs where kind = ${FILE_DELIVERY_JOB} and state in ('queued', 'running')`),
  );
  return { waiting: Number(row?.waiting ?? 0), oldestSeconds: Math.max(0, Math.round(Number(row?.oldest ?? 0))) };
}
