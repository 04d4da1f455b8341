/** Programmatic migrator: applies the committed drizzle-kit migrations on either driver. */
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import type { DbHandle } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.kind === "postgres") {
    await migratePostgres(handle.db, { migrationsFolder });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder });
  }
}
