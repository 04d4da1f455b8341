/**
 * On PostgreSQL, the app's queries are prepared once per connection and reused (db/client.ts), also
 * inside transactions and savepoints: Drizzle alone would send each one unnamed, parsed and planned
 * again every time, in two round trips. PGlite has no such thing: the file's tests are skipped there.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, rowsOf, type DbHandle } from "@/db/client";
import { instructors } from "@/db/schema";

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("prepared statements on PostgreSQL", () => {
  // One connection, so pg_prepared_statements (per session) sees every statement this client sent.
  const handles: DbHandle[] = [];
  const oneConnection = () => {
    const handle = createDb({ databaseUrl: url!, poolMax: 1 });
    handles.push(handle);
    return handle.db;
  };
  afterAll(async () => {
    for (const handle of handles) await handle.close();
  });

  const preparedLike = async (db: ReturnType<typeof oneConnection>, fragment: string) =>
    rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${fragment}%`} and statement not like '%pg_prepared_statements%'`,
      ),
    )[0]!.n;

  it("a query builder query and a raw statement are prepared once and reused", async () => {
    const db = oneConnection();
    for (let i = 0; i < 3; i++) {
      await db
        .select({ id: instructors.id })
        .from(instructors)
        .where(eq(instructors.whatsappPhoneNumberId, `9100000${i}`));
      await db.execute(sql`select ${i}::int + 1 as prepared_probe_raw`);
    }
    expect(await preparedLike(db, `"instructors"."whatsapp_phone_number_id" = $1`)).toBe(1);
    expect(await preparedLike(db, "prepared_probe_raw")).toBe(1);
  });

  it("planned with each call's values, not a generic plan (a big thread must keep its index scan)", async () => {
    const db = oneConnection();
    expect(rowsOf<{ plan_cache_mode: string }>(await db.execute(sql`show plan_cache_mode`))[0]!.plan_cache_mode).toBe(
      "force_custom_plan",
    );
  });

  it("not with prepare: false (DATABASE_PREPARE=off, for PgBouncer in transaction mode)", async () => {
    const handle = createDb({ databaseUrl: url!, poolMax: 1, prepare: false });
    handles.push(handle);
    await handle.db.execute(sql`select ${1}::int as prepared_probe_off`);
    expect(await preparedLike(handle.db, "prepared_probe_off")).toBe(0);
  });

  it("inside a transaction and a savepoint too", async () => {
    const db = oneConnection();
    await db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as prepared_probe_tx`);
      await tx.transaction(async (savepoint) => {
        await savepoint.execute(sql`select ${2}::int as prepared_probe_savepoint`);
      });
    });
    expect(await preparedLike(db, "prepared_probe_tx")).toBe(1);
    expect(await preparedLike(db, "prepared_probe_savepoint")).toBe(1);
  });
});
