/**
 * Fuzzing the webhook: fast-check-generated and mutated bodies, all correctly signed so they
 * reach the parser, never get a 5xx, and a body that is refused (4xx) never writes a row (nor queues a
 * `file_delivery` job); an accepted one queues one job, filed here as the worker would (none runs here).
 * 10 000 cases by default; FUZZ_RUNS=100000 for a longer run.
 * Mixed batches: valid messages and broken items together, each batch posted once or twice (WhatsApp
 * retries): every valid message stored exactly once, zero 4xx/5xx; a batch's jobs (one per post) are
 * filed concurrently, as the filing lane would. FUZZ_MIXED_RUNS batches (300 default).
 */
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, rowsOf } from "@/db";
import { handleWhatsappWebhookPost } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { signBody } from "@/lib/whatsapp/verify-signature";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";
import { deliveryJobsOf, deliveryKeyOf, fileConcurrently } from "../helpers/file-deliveries";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const MIXED_RUNS = Number(process.env.FUZZ_MIXED_RUNS ?? 300);
const APP_SECRET = "fuzz-app-secret";

function loadFixtures(): unknown[] {
  // Meta's reference shapes and the shared real-shaped deliveries, both kept in the repository.
  const root = path.join(process.cwd(), "tests/fixtures/whatsapp");
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(root, d.name));
  const out: unknown[] = [];
  for (const dir of dirs) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    } catch {
      continue;
    }
    for (const f of files) out.push(JSON.parse(readFileSync(path.join(dir, f), "utf8")));
  }
  return out;
}

/** Replace every phone_number_id with ours and tag the delivery so its unroutable rows can be counted. */
function retarget(value: unknown, phoneNumberId: string, tag: string): unknown {
  if (Array.isArray(value)) return value.map((v) => retarget(v, phoneNumberId, tag));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "phone_number_id") out[k] = phoneNumberId;
      else if (k === "display_phone_number") out[k] = tag;
      else if (k === "id" && typeof v === "string" && v.startsWith("wamid")) out[k] = `wamid.${tag}.${uniqueSuffix()}`;
      else out[k] = retarget(v, phoneNumberId, tag);
    }
    return out;
  }
  return value;
}

type Path = (string | number)[];
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}
function setAt(root: unknown, p: Path, replacement: unknown | typeof DELETE): unknown {
  if (p.length === 0) return replacement === DELETE ? undefined : replacement;
  const clone = structuredClone(root) as Record<string | number, unknown>;
  let cursor = clone as Record<string | number, unknown>;
  for (const key of p.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = p.at(-1)!;
  if (replacement === DELETE) {
    if (Array.isArray(cursor)) cursor.splice(Number(last), 1);
    else delete cursor[last];
  } else cursor[last] = replacement;
  return clone;
}
const DELETE = Symbol("delete");

async function tenantCounts(instructorId: string, tag: string): Promise<string> {
  const result = await db.execute(sql`
    select
      (select count(*) from conversations where instructor_id = ${instructorId}) as conversations,
      (select count(*) from inbound_messages where instructor_id = ${instructorId}) as inbound,
      (select count(*) from messages where instructor_id = ${instructorId}) as messages,
      (select count(*) from channel_identity_mapping where instructor_id = ${instructorId}) as mappings,
      (select count(*) from unroutable_inbound where value::text like ${"%" + tag + "%"}) as unroutable`);
  return JSON.stringify(rowsOf(result)[0]);
}

/**
 * On PGlite every query resolves as a microtask, so 10 000 cases ran as one microtask chain: the worker's event
 * loop never read vitest's RPC answers, and after a chain of more than 60 s (a slow machine) vitest reported
 * "Timeout calling onTaskUpdate" and failed the run though every test passed. One macrotask turn per case.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("webhook fuzzing", () => {
  it(`${RUNS} generated and mutated signed bodies: never a 5xx, and no refused body writes a row`, async () => {
    const instructor = await createTestInstructor();
    const tag = `FUZZ${uniqueSuffix()}`;
    const fixtures = loadFixtures().map((f) => retarget(f, instructor.whatsappPhoneNumberId!, tag));
    expect(fixtures.length).toBeGreaterThan(10);

    const mutated = fc
      .record({
        index: fc.nat(fixtures.length - 1),
        pick: fc.nat(),
        op: fc.constantFrom("delete", "replace", "wrap"),
        junk: fc.jsonValue({ maxDepth: 2 }),
      })
      .map(({ index, pick, op, junk }) => {
        const base = fixtures[index];
        const all = paths(base);
        const p = all[pick % all.length]!;
        const next =
          op === "delete" ? setAt(base, p, DELETE) : op === "wrap" ? setAt(base, p, [junk]) : setAt(base, p, junk);
        return JSON.stringify(next ?? null);
      });
    const junkJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
    const truncated = fc.record({ index: fc.nat(fixtures.length - 1), cut: fc.nat() }).map(({ index, cut }) => {
      const s = JSON.stringify(fixtures[index]);
      return s.slice(0, cut % s.length);
    });
    const rawText = fc.string({ unit: "binary", maxLength: 300 });
    const body = fc.oneof(
      { arbitrary: mutated, weight: 6 },
      { arbitrary: junkJson, weight: 2 },
      { arbitrary: truncated, weight: 1 },
      { arbitrary: rawText, weight: 1 },
    );

    const statuses = new Map<number, number>();
    let before = await tenantCounts(instructor.id, tag);
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await yieldToEventLoop();
        const request = new Request("http://localhost/api/webhook/whatsapp", {
          method: "POST",
          body: text,
          headers: { "content-type": "application/json", "x-hub-signature-256": signBody(text, APP_SECRET) },
        });
        const response = await handleWhatsappWebhookPost(request, { database: db, appSecret: APP_SECRET });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        // Refused: nothing queued. Accepted: one job, filed before the rows are counted.
        expect(await deliveryJobsOf(response)).toBe(response.status === 200 ? 1 : 0);
        if (response.status === 200) await fileConcurrently([await deliveryKeyOf(response)]);
        const after = await tenantCounts(instructor.id, tag);
        if (response.status >= 400) expect(after).toBe(before);
        before = after;
      }),
      { numRuns: RUNS },
    );
    // Both paths were exercised: some bodies were accepted, and some refused.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    console.info(`webhook fuzz: ${RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 600_000);

  it(`${MIXED_RUNS} mixed batches (valid and broken items together): every valid message stored exactly once, zero 4xx/5xx`, async () => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const tag = `MIX${uniqueSuffix()}`;
    let serial = 0;
    const validMessage = fc
      .record({
        sender: fc.constantFrom("393331000001", "393331000002", "4915100000003", "US.12345678901234567890"),
        text: fc.string({ maxLength: 40 }),
      })
      .map(({ sender, text }) => {
        const id = `wamid.${tag}.${serial++}`;
        const from = sender.startsWith("US.") ? { from_user_id: sender } : { from: sender };
        return {
          valid: true as const,
          id,
          item: { ...from, id, timestamp: "1749416383", type: "text", text: { body: text } },
        };
      });
    // Each breaks a field the envelope needs, so the item can never be stored as a message.
    const brokenMessage = fc
      .record({
        how: fc.constantFrom("no_id", "empty_id", "numeric_id", "no_sender", "bad_timestamp", "no_type", "scalar"),
        junk: fc.oneof(
          fc.integer(),
          fc.string({ maxLength: 20 }),
          fc.constant(null),
          fc.array(fc.nat(), { maxLength: 3 }),
        ),
      })
      .map(({ how, junk }) => {
        const base: Record<string, unknown> = {
          from: "393331000009",
          id: `wamid.${tag}.broken.${serial++}`,
          timestamp: "1749416383",
          type: "text",
          text: { body: "broken" },
        };
        if (how === "no_id") delete base.id;
        if (how === "empty_id") base.id = "";
        if (how === "numeric_id") base.id = 12345;
        if (how === "no_sender") delete base.from;
        if (how === "bad_timestamp") base.timestamp = "yesterday";
        if (how === "no_type") delete base.type;
        return { valid: false as const, item: how === "scalar" ? junk : base };
      });
    const brokenStatus = fc.constantFrom<unknown>({ status: "read" }, { id: "x", status: "" }, 7, null, {
      id: "wamid.x",
      status: "sent",
      timestamp: "soon",
    });
    const batch = fc
      .record({
        items: fc.array(fc.oneof({ arbitrary: validMessage, weight: 3 }, { arbitrary: brokenMessage, weight: 2 }), {
          minLength: 1,
          maxLength: 8,
        }),
        statuses: fc.array(brokenStatus, { maxLength: 2 }),
        retries: fc.integer({ min: 1, max: 2 }),
      })
      .filter(({ items }) => items.some((i) => i.valid));

    const statuses = new Map<number, number>();
    const expected = new Set<string>();
    let batches = 0;
    let brokenItems = 0;
    await fc.assert(
      fc.asyncProperty(batch, async ({ items, statuses: brokenStatuses, retries }) => {
        await yieldToEventLoop();
        batches += 1;
        brokenItems += items.filter((i) => !i.valid).length + brokenStatuses.length;
        for (const i of items) if (i.valid) expected.add(i.id);
        const value = {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: tag, phone_number_id: phoneNumberId },
          messages: items.map((i) => i.item),
          ...(brokenStatuses.length ? { statuses: brokenStatuses } : {}),
        };
        const text = JSON.stringify({
          object: "whatsapp_business_account",
          entry: [{ id: "1", changes: [{ field: "messages", value }] }],
        });
        const keys: (string | null)[] = [];
        for (let attempt = 0; attempt < retries; attempt++) {
          const request = new Request("http://localhost/api/webhook/whatsapp", {
            method: "POST",
            body: text,
            headers: { "content-type": "application/json", "x-hub-signature-256": signBody(text, APP_SECRET) },
          });
          const response = await handleWhatsappWebhookPost(request, { database: db, appSecret: APP_SECRET });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status).toBe(200);
          keys.push(await deliveryKeyOf(response));
        }
        // A retried batch is two jobs: filing them together must still store each message once.
        await fileConcurrently(keys);
      }),
      { numRuns: MIXED_RUNS },
    );
    const rows = rowsOf<{ external_message_id: string; n: string | number }>(
      await db.execute(
        sql`select external_message_id, count(*) as n from messages where instructor_id = ${instructor.id} group by external_message_id`,
      ),
    );
    const storedIds = new Set(rows.map((r) => r.external_message_id));
    const storedTwice = rows.filter((r) => Number(r.n) !== 1).length;
    const missing = [...expected].filter((id) => !storedIds.has(id)).length;
    const unexpected = [...storedIds].filter((id) => !expected.has(id)).length;
    const errors = [...statuses].filter(([status]) => status >= 400).reduce((sum, [, n]) => sum + n, 0);
    console.info(
      `webhook mixed-batch fuzz: ${batches} batches, ${expected.size} valid messages, ${storedIds.size - storedTwice} stored exactly once, ${storedTwice} stored more than once, ${missing} missing, ${brokenItems} broken items, 4xx/5xx ${errors}`,
    );
    expect({ missing, unexpected, storedTwice, errors }).toEqual({
      missing: 0,
      unexpected: 0,
      storedTwice: 0,
      errors: 0,
    });
  }, 600_000);
});
