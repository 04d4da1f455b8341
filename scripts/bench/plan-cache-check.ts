/**
 * What generic plans (plan_cache_mode auto, as `npm run worker` uses) cost the drafting's turn query
 * (loadOpenTurn) against custom plans, on a seeded tenant (10 000 conversations, 100 000 messages, one
 * 10 000-message thread) in a scratch database it creates and drops:
 *   npx tsx --conditions=react-server scripts/bench/plan-cache-check.ts
 * Prints ms per call for an ordinary conversation and for the long thread, per mode. DATABASE_URL: the server
 * (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { loadOpenTurn } from "@/db/queries/conversation-turn";
import { seedTenant } from "@/scripts/bench/seed-inbox";

const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `plan_check_${Date.now()}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const target = new URL(base);
target.pathname = `/${name}`;
const url = target.toString();
try {
  const h = createDb({ databaseUrl: url, poolMax: 1 });
  await runMigrations(h);
  await h.close();
  const s = postgres(url, { max: 1, onnotice: () => {} });
  await s`insert into "user" (id, name, email, created_at, updated_at) values ('u1', 'Plan', 'plan@example.com', now(), now())`;
  const [ins] =
    await s`insert into instructors (user_id, name, email) values ('u1', 'Plan', 'plan@example.com') returning id`;
  const { bigThreadConversationId } = await seedTenant(s, {
    instructorId: ins!.id,
    tag: "p",
    conversations: 10000,
    messages: 100000,
    bigThread: 10000,
  });
  await s.unsafe("analyze");
  const small =
    await s`select id from conversations where instructor_id = ${ins!.id} and id <> ${bigThreadConversationId} limit 20`;
  for (const mode of ["force_custom_plan", "auto"] as const) {
    const d = createDb({ databaseUrl: url, poolMax: 1, planCacheMode: mode });
    for (const c of small) await loadOpenTurn({ instructorId: ins!.id, conversationId: c.id }, d.db);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++)
      await loadOpenTurn({ instructorId: ins!.id, conversationId: small[i % small.length]!.id }, d.db);
    const smallMs = (performance.now() - t0) / 20;
    const t1 = performance.now();
    let r;
    for (let i = 0; i < 10; i++)
      r = await loadOpenTurn({ instructorId: ins!.id, conversationId: bigThreadConversationId }, d.db);
    const bigMs = (performance.now() - t1) / 10;
    console.log(
      mode,
      "small conv ms",
      smallMs.toFixed(2),
      "big thread (10k) ms",
      bigMs.toFixed(2),
      "turn",
      r!.turn.length,
      "history",
      r!.history.length,
    );
    await d.close();
  }
  await s.end();
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
