/** Runs in each db test file before it imports anything: point server/env at this run's database. */
import { afterAll, beforeAll, inject } from "vitest";

const url = inject("testDatabaseUrl");
if (url) {
  process.env.DATABASE_URL = url;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}

beforeAll(async () => {
  const { getDbHandle } = await import("@/db");
  const handle = getDbHandle();
  // PGlite in memory is new for every file; on Postgres the global setup already migrated.
  if (handle.kind === "pglite") {
    const { runMigrations } = await import("@/db/migrate");
    await runMigrations(handle);
  }
});

afterAll(async () => {
  const { closeDb } = await import("@/db");
  await closeDb();
});
