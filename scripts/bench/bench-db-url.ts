/**
 * A fresh database's name and URL on the DATABASE_URL server, pointed to by DATABASE_URL for the app modules a
 * bench imports (they read server/env at import, so call this before importing them). No imports of its own.
 */
export function pointAtFreshBenchDatabase(prefix: string): { adminUrl: string; dbName: string; dbUrl: string } {
  const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `${prefix}_${Date.now()}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  process.env.DATABASE_URL = dbUrl;
  process.env.LOG_LEVEL = "warn";
  return { adminUrl, dbName, dbUrl };
}
