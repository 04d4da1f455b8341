/**
 * Fuzzing the webhook (issue 8): fast-check-generated and mutated bodies, all correctly signed so they
 * reach the parser, never get a 5xx, and a body that is refused (4xx) never writes a row.
 * 10 000 cases by default; FUZZ_RUNS=100000 for a longer run.
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

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const APP_SECRET = "fuzz-app-secret";

function loadFixtures(): unknown[] {
  // Meta's reference shapes and the shared real-shaped deliveries, both kept in the repository.
  const root = path.join(process.cwd(), "tests/fixtures/whatsapp");
  const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name));
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
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
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

describe("webhook fuzzing", () => {
  it(`${RUNS} generated and mutated signed bodies: never a 5xx, and no refused body writes a row`, async () => {
    const instructor = await createTestInstructor();
    const tag = `FUZZ${uniqueSuffix()}`;
    const fixtures = loadFixtures().map((f) => retarget(f, instructor.whatsappPhoneNumberId!, tag));
    expect(fixtures.length).toBeGreaterThan(10);

    const mutated = fc
      .record({ index: fc.nat(fixtures.length - 1), pick: fc.nat(), op: fc.constantFrom("delete", "replace", "wrap"), junk: fc.jsonValue({ maxDepth: 2 }) })
      .map(({ index, pick, op, junk }) => {
        const base = fixtures[index];
        const all = paths(base);
        const p = all[pick % all.length]!;
        const next = op === "delete" ? setAt(base, p, DELETE) : op === "wrap" ? setAt(base, p, [junk]) : setAt(base, p, junk);
        return JSON.stringify(next ?? null);
      });
    const junkJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
    const truncated = fc.record({ index: fc.nat(fixtures.length - 1), cut: fc.nat() }).map(({ index, cut }) => {
      const s = JSON.stringify(fixtures[index]);
      return s.slice(0, cut % s.length);
    });
    const rawText = fc.string({ unit: "binary", maxLength: 300 });
    const body = fc.oneof({ arbitrary: mutated, weight: 6 }, { arbitrary: junkJson, weight: 2 }, { arbitrary: truncated, weight: 1 }, { arbitrary: rawText, weight: 1 });

    const statuses = new Map<number, number>();
    let before = await tenantCounts(instructor.id, tag);
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const request = new Request("http://localhost/api/webhook/whatsapp", {
          method: "POST",
          body: text,
          headers: { "content-type": "application/json", "x-hub-signature-256": signBody(text, APP_SECRET) },
        });
        const response = await handleWhatsappWebhookPost(request, { database: db, appSecret: APP_SECRET });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
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
});
