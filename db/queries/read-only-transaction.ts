import type { Db, Tx } from "@/db";

/** CM-2.1 "no writes during resolution": run `fn` in a READ ONLY transaction (SQLSTATE 25006 on any write). */
export async function withReadOnlyTransaction<T>(database: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.transaction(fn, { accessMode: "read only" });
}
