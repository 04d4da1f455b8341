/**
 * Malformed and hostile bodies → the status code the design names (413 size, 401 signature, 400 JSON or
 * envelope), and zero rows written for the test's tenant and phone_number_id, nor a `file_delivery` job.
 */
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
});

import { createHmac } from "node:crypto";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { MAX_WEBHOOK_BODY_BYTES } from "@/app/api/webhook/whatsapp/handle-whatsapp-webhook";
import { FILE_DELIVERY_JOB } from "@/db/ingestion/file-delivery-job";
import { settleDetachedTasks } from "@/server/run-after-response";
import { buildSimulatedDelivery, newWamid } from "@/scripts/whatsapp/build-simulated-delivery";
import { signBody } from "@/lib/whatsapp/verify-signature";
import { TEST_APP_SECRET, webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { tenantCounts } from "../fixtures/whatsapp/tenant-counts";
import { createTestInstructor } from "../helpers/factories";
import { deliveryJobsOf, deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";
import { jobRow } from "../helpers/jobs";

afterAll(settleDetachedTasks);

type Delivery = {
  object?: unknown;
  entry: { changes: { field?: unknown; value: Record<string, unknown> }[] }[];
} & Record<string, unknown>;

interface Case {
  name: string;
  status: number;
  /** Rows written besides the valid message's 5; a quarantined broken item is one more. */
  quarantined?: number;
  /** A body (object → JSON) built for the tenant, or raw bytes/string. */
  body: (valid: () => Delivery) => unknown;
  /** Override the signature header: null = none; a function gets the body bytes. */
  signature?: null | ((bytes: Uint8Array) => string);
}

const msg = (d: Delivery) => (d.entry[0]!.changes[0]!.value.messages as Record<string, unknown>[])[0]!;
const value = (d: Delivery) => d.entry[0]!.changes[0]!.value;
const raw = (text: string) => ({ __raw: text });

const cases: Case[] = [
  // 413: bigger than WhatsApp's own 3 MB maximum (correctly signed, so only the size refuses it)
  {
    name: "3 MB + 1 byte",
    status: 413,
    body: () =>
      raw(
        `{"object":"whatsapp_business_account","entry":[],"pad":"${"x".repeat(MAX_WEBHOOK_BODY_BYTES - 50)}"}`.padEnd(
          MAX_WEBHOOK_BODY_BYTES + 1,
          " ",
        ),
      ),
  },
  { name: "10 MB", status: 413, body: () => raw("x".repeat(10 * 1024 * 1024)) },
  // 401: signature
  { name: "missing signature", status: 401, body: (v) => v(), signature: null },
  { name: "garbage signature", status: 401, body: (v) => v(), signature: () => "sha256=not-a-signature" },
  {
    name: "signature of another body",
    status: 401,
    body: (v) => v(),
    signature: () => signBody('{"object":"whatsapp_business_account","entry":[]}', TEST_APP_SECRET),
  },
  {
    name: "signature with another secret",
    status: 401,
    body: (v) => v(),
    signature: (b) => signBody(b, "wrong-secret"),
  },
  {
    name: "sha1 signature",
    status: 401,
    body: (v) => v(),
    signature: (b) => `sha1=${createHmac("sha1", TEST_APP_SECRET).update(b).digest("hex")}`,
  },
  {
    name: "signature without prefix",
    status: 401,
    body: (v) => v(),
    signature: (b) => signBody(b, TEST_APP_SECRET).slice(7),
  },
  { name: "empty signature", status: 401, body: (v) => v(), signature: () => "" },
  // 400: not JSON
  { name: "empty body", status: 400, body: () => raw("") },
  { name: "plain text", status: 400, body: () => raw("hello") },
  { name: "truncated JSON", status: 400, body: (v) => raw(JSON.stringify(v()).slice(0, 80)) },
  { name: "invalid UTF-8", status: 400, body: () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  // 400: not a WhatsApp envelope
  { name: "JSON array", status: 400, body: () => [] },
  { name: "JSON null", status: 400, body: () => null },
  { name: "JSON string", status: 400, body: () => "whatsapp_business_account" },
  { name: "JSON number", status: 400, body: () => 42 },
  { name: "wrong object", status: 400, body: (v) => ({ ...v(), object: "page" }) },
  { name: "object missing", status: 400, body: (v) => ({ entry: v().entry }) },
  { name: "entry missing", status: 400, body: () => ({ object: "whatsapp_business_account" }) },
  { name: "entry is an object", status: 400, body: (v) => ({ ...v(), entry: v().entry[0] }) },
  {
    name: "entry items are strings",
    status: 400,
    body: () => ({ object: "whatsapp_business_account", entry: ["a", "b"] }),
  },
  { name: "changes missing", status: 400, body: () => ({ object: "whatsapp_business_account", entry: [{ id: "1" }] }) },
  {
    name: "changes is a string",
    status: 400,
    body: () => ({ object: "whatsapp_business_account", entry: [{ id: "1", changes: "messages" }] }),
  },
  {
    name: "change without field",
    status: 400,
    body: (v) => {
      const d = v();
      delete d.entry[0]!.changes[0]!.field;
      return d;
    },
  },
  {
    name: "change without value",
    status: 400,
    body: (v) => {
      const d = v();
      (d.entry[0]!.changes[0] as Record<string, unknown>).value = undefined;
      return d;
    },
  },
  {
    name: "value is an array",
    status: 400,
    body: (v) => {
      const d = v();
      (d.entry[0]!.changes[0] as Record<string, unknown>).value = [];
      return d;
    },
  },
  {
    name: "metadata missing",
    status: 400,
    body: (v) => {
      const d = v();
      delete value(d).metadata;
      return d;
    },
  },
  {
    name: "phone_number_id is a number",
    status: 400,
    body: (v) => {
      const d = v();
      value(d).metadata = { phone_number_id: 1234 };
      return d;
    },
  },
  {
    name: "messages is an object",
    status: 400,
    body: (v) => {
      const d = v();
      value(d).messages = msg(d);
      return d;
    },
  },
  {
    name: "message id missing",
    status: 400,
    body: (v) => {
      const d = v();
      delete msg(d).id;
      return d;
    },
  },
  {
    name: "message id is a number",
    status: 400,
    body: (v) => {
      const d = v();
      msg(d).id = 12345;
      return d;
    },
  },
  {
    name: "message without sender",
    status: 400,
    body: (v) => {
      const d = v();
      delete msg(d).from;
      return d;
    },
  },
  {
    name: "timestamp not a number",
    status: 400,
    body: (v) => {
      const d = v();
      msg(d).timestamp = "tomorrow";
      return d;
    },
  },
  {
    name: "status without id, alone: nothing valid → refused",
    status: 400,
    body: (v) => {
      const d = v();
      delete value(d).messages;
      value(d).statuses = [{ status: "read", timestamp: "1" }];
      return d;
    },
  },
  {
    name: "type missing",
    status: 400,
    body: (v) => {
      const d = v();
      delete msg(d).type;
      return d;
    },
  },
  {
    name: "status without id beside a valid message: the message is stored, the status quarantined",
    status: 200,
    quarantined: 1,
    body: (v) => {
      const d = v();
      value(d).statuses = [{ status: "read", timestamp: "1" }];
      return d;
    },
  },
  {
    name: "huge message id (1 MB)",
    status: 400,
    body: (v) => {
      const d = v();
      msg(d).id = `wamid.${"A".repeat(1024 * 1024)}`;
      return d;
    },
  },
  { name: "huge object string (2 MB)", status: 400, body: (v) => ({ ...v(), object: "w".repeat(2 * 1024 * 1024) }) },
  { name: "deeply nested arrays", status: 400, body: () => raw(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) },
  {
    name: "__proto__ smuggling the envelope",
    status: 400,
    body: (v) => raw(`{"__proto__":{"object":"whatsapp_business_account"},"entry":${JSON.stringify(v().entry)}}`),
  },
  {
    name: "one valid and one malformed message: the valid one is stored, the malformed one quarantined",
    status: 200,
    quarantined: 1,
    body: (v) => {
      const d = v();
      (value(d).messages as unknown[]).push({
        id: newWamid(),
        timestamp: "1",
        type: "text",
        text: { body: "no sender" },
      });
      return d;
    },
  },
  // positive control: the same valid body IS written (so the zero-row checks above can fail)
  { name: "CONTROL: the valid body", status: 200, body: (v) => v() },
  {
    name: "CONTROL: a valid body padded to exactly 3 MB",
    status: 200,
    body: (v) => raw(JSON.stringify(v()).padEnd(MAX_WEBHOOK_BODY_BYTES, " ")),
  },
];

describe("malformed and hostile bodies", () => {
  it("has at least 25 hostile cases", () => {
    expect(cases.filter((c) => c.status !== 200).length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("$name → $status", async ({ body, status, signature, quarantined = 0 }) => {
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const valid = () =>
      buildSimulatedDelivery({ phoneNumberId, from: "393331239999", text: "Prenoto sabato?" }) as unknown as Delivery;
    const built = body(valid);
    const bytes =
      built instanceof Uint8Array
        ? built
        : new TextEncoder().encode(
            built && typeof built === "object" && "__raw" in built
              ? (built as { __raw: string }).__raw
              : JSON.stringify(built),
          );
    const header =
      signature === undefined ? signBody(bytes, TEST_APP_SECRET) : signature === null ? null : signature(bytes);

    const response = await POST(webhookRequest(bytes, { signature: header }));
    expect(response.status).toBe(status);
    // A refused body queues nothing; an accepted one exactly one job (so this check can fail).
    expect(await deliveryJobsOf(response)).toBe(status === 200 ? 1 : 0);
    if (status === 200) {
      // No worker runs here: file the queued delivery as it would; the job succeeds and is gone.
      const key = await deliveryKeyOf(response);
      expect(await fileDeliveries([key])).toBe(1);
      expect(await jobRow(FILE_DELIVERY_JOB, key!)).toBeUndefined();
    }
    const answer = (await response.json()) as { kind: string; message?: string };
    expect(answer.kind === "ok").toBe(status === 200);
    if (status !== 200) expect(answer.message).toBeTruthy();

    const counts = await tenantCounts(instructor.id, phoneNumberId);
    const written =
      counts.conversations +
      counts.mappings +
      counts.inbound +
      counts.messages +
      counts.inboundForNumber +
      counts.unroutableForNumber;
    expect(written).toBe(status === 200 ? 5 + quarantined : 0);
    expect(({} as Record<string, unknown>).object).toBeUndefined();
  });
});
