/** `npm run db:migrate`: apply committed migrations to DATABASE_URL, or to the embedded PGlite database. */
import { closeDb, getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { logger } from "@/server/logger";

const handle = getDbHandle();
await runMigrations(handle);
logger.info({ database: handle.kind }, "migrations applied");
await closeDb();
