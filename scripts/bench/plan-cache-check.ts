/**
 * What generic plans (plan_cache_mode auto, as `npm run worker` uses) cost the drafting's turn query
 * (loadOpenTurn) against custom plans, on a seeded tenant (10 000 conversations, 100 000 messages, one
 * 10 000-message thread) in a fresh bench database it drops at the end:
 *   npx tsx --conditions=react-server scripts/bench/plan-cache-check.ts
 * Prints ms per call for an ordinary conversation and for the long thread, per mode. DATABASE_URL: the server
 * (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import postgres from "postgres";
import { createBenchDatabase } from "./bench-database";
import { pointAtFreshBenchDatabase } from "./bench-db-url";
import { seedTenant } from "./seed-inbox";

const { adminUrl, dbName, dbUrl } = pointAtFreshBenchDatabase("plan_check");
// App modules read server/env at import: after the database is chosen.
const { createDb } = await import("@/db/client");
const { loadOpenTurn } = await import("@/db/queries/conversation-turn");

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
try {
  await createBenchDatabase({ admin, dbName, dbUrl, numbers: ["910000000000009"], key: "plan" });
  const s = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const [instructor] = await s<{ id: string }[]>`select id from instructors where email = 'plan0@bench.inbox'`;
  const instructorId = instructor!.id;
  const { bigThreadConversationId } = await seedTenant(s, {
    instructorId,
    tag: "p",
    conversations: 10000,
    messages: 100000,
    bigThread: 10000,
  });
  await s.unsafe("analyze");
  const small = await s<{ id: string }[]>`
    select id from conversations where instructor_id = ${instructorId} and id <> ${bigThreadConversationId} limit 20`;
  await s.end();

  for (const mode of ["force_custom_plan", "auto"] as const) {
    const handle = createDb({ databaseUrl: dbUrl, poolMax: 1, planCacheMode: mode });
    const turnOf = (conversationId: string) => loadOpenTurn({ instructorId, conversationId }, handle.db);
    // PostgreSQL weighs a generic plan only after five custom ones: warm up first.
    for (const c of small) await turnOf(c.id);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await turnOf(small[i % small.length]!.id);
    const smallMs = (performance.now() - t0) / 20;
    const t1 = performance.now();
    let big = await turnOf(bigThreadConversationId);
    for (let i = 1; i < 10; i++) big = await turnOf(bigThreadConversationId);
    const bigMs = (performance.now() - t1) / 10;
    console.log(
      `${mode}: ordinary conversation ${smallMs.toFixed(2)} ms, 10 000-message thread ${bigMs.toFixed(2)} ms ` +
        `(turn ${big.turn.length}, history ${big.history.length})`,
    );
    await handle.close();
  }
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
