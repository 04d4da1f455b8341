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

/** How PostgreSQL plans prepared statements (see the comment at `plan_cache_mode` in createDb). */
export type PlanCacheMode = "force_custom_plan" | "auto";

export interface CreateDbOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  poolMax?: number;
  /** PostgreSQL: prepare each statement once per connection (default); false for PgBouncer in transaction mode. */
  prepare?: boolean;
  planCacheMode?: PlanCacheMode;
}

export function createDb({
  databaseUrl,
  pgliteDir = ".data/pglite",
  poolMax = 10,
  prepare = true,
  planCacheMode = "force_custom_plan",
}: CreateDbOptions): DbHandle {
  if (databaseUrl) {
    const client = postgres(databaseUrl, {
      max: poolMax,
      onnotice: () => {},
      // Fail fast when the server is gone instead of hanging a webhook request: WhatsApp retries a 503.
      connect_timeout: 5,
      // postgres.js's default reconnect backoff grows to 20 s; during an outage every request would
      // wait that long for its 503, and after it each connection would wait again. Cap it at 1 s.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      prepare,
      // A prepared statement's generic plan assumes average selectivity: a 10 000-message thread then gets
      // the plan of a 10-message one (a sort instead of the ordered index scan). Plan with the values each
      // time, as unprepared statements did; parsing and the extra round trip are still saved. The job worker
      // reads no thread pages: it passes "auto" (PostgreSQL's default: generic plans once they are no worse).
      ...(prepare ? { connection: { plan_cache_mode: planCacheMode } } : {}),
    });
    return {
      db: drizzlePostgres({ client: prepare ? preparedStatements(client) : client, schema }),
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

/**
 * Drizzle runs every query without `.prepare(name)` as an unnamed statement (`prepare: false` per query,
 * over the client's `prepare: true`): postgres.js then sends Parse + Describe, waits for the parameter
 * types, sends Bind + Execute (two round trips), and PostgreSQL parses and plans the text every time.
 * This keeps the client's setting: each distinct SQL text is prepared once per connection and reused
 * (one round trip; no re-parse). The app's SQL texts are a bounded set (values are parameters), and
 * postgres.js recycles connections (max_lifetime), so the per-connection statement cache stays small.
 * Transactions and savepoints get a wrapped client too. Not for PgBouncer in transaction mode.
 */
export function preparedStatements<T extends postgres.Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...options, prepare: true } as never);
      }
      if (prop === "begin" || prop === "savepoint") {
        const original = Reflect.get(target, prop, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const fn = args.at(-1) as (inner: postgres.Sql) => unknown;
          return original.call(target, ...args.slice(0, -1), (inner: postgres.Sql) => fn(preparedStatements(inner)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Rows of a raw `db.execute(sql…)` result: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
