/**
 * Upgrading a database that was migrated before "one draft per turn": such a database may hold several open
 * drafts in one conversation (one per message). Applying the later migrations must keep the newest as the
 * conversation's current draft, mark the others superseded by it, and build the one-current-draft index.
 * The test migrates its own database to the migration before that one, writes rows as the old code did
 * (raw SQL, since today's schema has columns the old one lacks), then applies every migration.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type DbHandle, rowsOf } from "@/db/client";
import { migrationsFolder } from "@/db/migrate";

const ONE_DRAFT_PER_TURN = "0010_one_draft_per_turn";

interface Journal {
  entries: { idx: number; tag: string }[];
}

let handle: DbHandle;
let dropDatabase: () => Promise<void> = async () => {};
let olderFolder: string;

async function migrateTo(folder: string) {
  if (handle.kind === "postgres") await migratePostgres(handle.db, { migrationsFolder: folder });
  else await migratePglite(handle.db as never, { migrationsFolder: folder });
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await handle.db.execute(query));
}

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await rows<T>(query);
  if (!row) throw new Error("expected a row");
  return row;
}

beforeAll(async () => {
  const url = inject("testDatabaseUrl");
  if (url) {
    // Its own database: the shared test database is already fully migrated.
    const name = `inbox_upgrade_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const own = new URL(url);
    own.pathname = `/${name}`;
    handle = createDb({ databaseUrl: own.toString(), poolMax: 1 });
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    handle = createDb({ pgliteDir: "memory://" });
  }

  olderFolder = mkdtempSync(path.join(os.tmpdir(), "inbox-migrations-"));
  cpSync(migrationsFolder, olderFolder, { recursive: true });
  const journalFile = path.join(olderFolder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as Journal;
  const cut = journal.entries.findIndex((e) => e.tag === ONE_DRAFT_PER_TURN);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  await migrateTo(olderFolder);
});

afterAll(async () => {
  await handle?.close();
  await dropDatabase();
  if (olderFolder) rmSync(olderFolder, { recursive: true, force: true });
});

describe("upgrading a database from one draft per message to one draft per turn", () => {
  it("keeps the newest open draft of each conversation current, supersedes the older ones by it, and builds the unique index", async () => {
    await handle.db.execute(sql`insert into "user" (id, name, email) values ('u-upgrade', 'Ola', 'ola@upgrade.test')`);
    const instructor = await one<{ id: string }>(
      sql`insert into instructors (user_id, name, email) values ('u-upgrade', 'Ola', 'ola@upgrade.test') returning id`,
    );
    const conversation = async (who: string) =>
      (
        await one<{ id: string }>(
          sql`insert into conversations (instructor_id, channel, external_identity) values (${instructor.id}, 'whatsapp', ${who}) returning id`,
        )
      ).id;
    const busy = await conversation("+390000000001");
    const settled = await conversation("+390000000002");

    const draft = async (conversationId: string, state: string, minutesAgo: number) => {
      const message = await one<{ id: string }>(
        sql`insert into messages (instructor_id, conversation_id, direction, channel, type, summary, created_at)
            values (${instructor.id}, ${conversationId}, 'inbound', 'whatsapp', 'text', 'hi', now() - make_interval(mins => ${minutesAgo})) returning id`,
      );
      const row = await one<{ id: string }>(
        sql`insert into drafts (instructor_id, conversation_id, message_id, state, created_at)
            values (${instructor.id}, ${conversationId}, ${message.id}, ${state}, now() - make_interval(mins => ${minutesAgo})) returning id`,
      );
      return row.id;
    };
    // Three open drafts in one conversation (as the old per-message drafting left them), one already sent.
    const oldest = await draft(busy, "proposed", 30);
    const middle = await draft(busy, "not_drafted", 20);
    const sent = await draft(busy, "sent", 15);
    const newest = await draft(busy, "proposed", 10);
    // A conversation with a single open draft is left as it was.
    const only = await draft(settled, "proposed", 5);

    await migrateTo(migrationsFolder);

    const after = await rows<{ id: string; state: string; superseded_by: string | null }>(
      sql`select id, state, superseded_by from drafts where instructor_id = ${instructor.id}`,
    );
    const byId = new Map(after.map((d) => [d.id, d]));
    expect(byId.get(newest)).toEqual({ id: newest, state: "proposed", superseded_by: null });
    expect(byId.get(oldest)).toEqual({ id: oldest, state: "superseded", superseded_by: newest });
    expect(byId.get(middle)).toEqual({ id: middle, state: "superseded", superseded_by: newest });
    expect(byId.get(sent)).toEqual({ id: sent, state: "sent", superseded_by: null });
    expect(byId.get(only)).toEqual({ id: only, state: "proposed", superseded_by: null });

    // The index now refuses a second current draft in a conversation.
    const message = await one<{ id: string }>(sql`select message_id as id from drafts where id = ${newest}`);
    await expect(
      handle.db.execute(
        sql`insert into drafts (instructor_id, conversation_id, message_id, state) values (${instructor.id}, ${busy}, ${message.id}, 'proposed')`,
      ),
    ).rejects.toThrow();
  });
});
