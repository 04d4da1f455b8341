import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";

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
