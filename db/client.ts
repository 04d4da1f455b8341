/**
 * Database clients. `DATABASE_URL` set → postgres.js against that server; unset → embedded PGlite
 * (on disk under PGLITE_DIR, or in memory with "memory://"). The same Drizzle query code runs on both.
 */
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import postgres from "postgres";
import * as schema from "./schema";

/** The one database type every query function takes (both drivers share Drizzle's pg-core API). */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
}

export interface CreateDbOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  poolMax?: number;
}

export function createDb({ databaseUrl, pgliteDir = ".data/pglite", poolMax = 10 }: CreateDbOptions): DbHandle {
  if (databaseUrl) {
    const client = postgres(databaseUrl, {
      max: poolMax,
      onnotice: () => {},
      // Fail fast when the server is gone instead of hanging a webhook request: WhatsApp retries a 503.
      connect_timeout: 5,
      // postgres.js's default reconnect backoff grows to 20 s; during an outage every request would
      // wait that long for its 503, and after it each connection would wait again. Cap it at 1 s.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      prepare: true,
    });
    return {
      db: drizzlePostgres({ client, schema }),
      kind: "postgres",
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (!pgliteDir.startsWith("memory://")) mkdirSync(pgliteDir, { recursive: true });
  const client = new PGlite(pgliteDir);
  return {
    db: drizzlePglite({ client, schema }) as unknown as Db,
    kind: "pglite",
    close: () => client.close(),
  };
}

/** Rows of a raw `db.execute(sql…)` result: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
