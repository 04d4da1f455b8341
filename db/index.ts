/**
 * The application's database, configured from server/env and cached on globalThis so that Next's
 * module reloading and several bundles in one process share one client (PGlite must be opened once).
 */
import { env } from "@/server/env";
import { createDb, type DbHandle, type PlanCacheMode } from "./client";

export { rowsOf, type Db, type DbOrTx, type Tx } from "./client";

const globalForDb = globalThis as unknown as { __inboxDb?: DbHandle; __inboxPlanCacheMode?: PlanCacheMode };

/**
 * The plan_cache_mode this process uses when DATABASE_PLAN_CACHE_MODE is unset: `npm run worker` sets
 * "auto" before its first query (see server/env.ts). Throws once the database is open.
 */
export function setDefaultPlanCacheMode(mode: PlanCacheMode): void {
  if (globalForDb.__inboxDb) throw new Error("setDefaultPlanCacheMode: the database is already open");
  globalForDb.__inboxPlanCacheMode = mode;
}

export function getDbHandle(): DbHandle {
  globalForDb.__inboxDb ??= createDb({
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR,
    poolMax: env.DATABASE_POOL_MAX,
    prepare: env.DATABASE_PREPARE === "on",
    planCacheMode: env.DATABASE_PLAN_CACHE_MODE ?? globalForDb.__inboxPlanCacheMode ?? "force_custom_plan",
  });
  return globalForDb.__inboxDb;
}

/** Lazily connected: importing this module opens nothing until a query runs. */
export const db = new Proxy({} as DbHandle["db"], {
  get(_target, prop, receiver) {
    const real = getDbHandle().db as unknown as Record<PropertyKey, unknown>;
    const value = Reflect.get(real, prop, receiver === db ? real : receiver);
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

export async function closeDb(): Promise<void> {
  const handle = globalForDb.__inboxDb;
  globalForDb.__inboxDb = undefined;
  await handle?.close();
}
