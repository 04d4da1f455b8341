/** A fresh bench database: created on the admin connection, migrated, one instructor per WhatsApp number. */
import type postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";

export async function createBenchDatabase({
  admin,
  dbName,
  dbUrl,
  numbers,
  key,
}: {
  admin: postgres.Sql;
  dbName: string;
  dbUrl: string;
  numbers: readonly string[];
  /** Names the instructors: `<key><i>@bench.inbox`. */
  key: string;
}): Promise<void> {
  await admin.unsafe(`create database ${dbName}`);
  const handle = createDb({ databaseUrl: dbUrl, poolMax: 2 });
  try {
    await runMigrations(handle);
    const { addInstructor } = await import("@/db/queries/instructors");
    for (const [i, number] of numbers.entries()) {
      await addInstructor({
        db: handle.db,
        email: `${key}${i}@bench.inbox`,
        name: `Bench ${key} ${i}`,
        password: "bench-password-123",
        phoneNumberId: number,
        region: "IT",
      });
    }
  } finally {
    await handle.close();
  }
}
