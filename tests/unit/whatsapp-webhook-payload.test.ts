import { describe, expect, it } from "vitest";
import { parseWebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { listFixtures, loadFixture } from "../fixtures/whatsapp/fixture-tools";

const valid = () =>
  loadFixture("meta/text", { phoneNumberId: "1", tag: "t" }) as {
    entry: { changes: { value: Record<string, unknown> }[] }[];
  };
const firstValue = (d: ReturnType<typeof valid>) => d.entry[0]!.changes[0]!.value;
const firstMessage = (d: ReturnType<typeof valid>) => (firstValue(d).messages as Record<string, unknown>[])[0]!;

describe("parseWebhookDelivery", () => {
  it.each([...listFixtures("meta"), ...listFixtures("shared")])("accepts the real-shaped delivery %s", (name) => {
    const result = parseWebhookDelivery(loadFixture(name, { phoneNumberId: "1", tag: "t" }));
    expect(result.ok, result.ok ? "" : result.issues.join("; ")).toBe(true);
  });

  it("keeps fields it does not know (loose objects)", () => {
    const d = valid();
    firstMessage(d).brand_new_field = { x: 1 };
    const result = parseWebhookDelivery(d);
    if (!result.ok) throw new Error("refused");
    const change = result.delivery.entries[0]!.changes[0]!;
    expect((change.value as { messages: Record<string, unknown>[] }).messages[0]!.brand_new_field).toEqual({ x: 1 });
  });

  it.each<[string, (d: ReturnType<typeof valid>) => unknown]>([
    ["a JSON array", () => []],
    ["null", () => null],
    ["a wrong object", (d) => ({ ...d, object: "page" })],
    ["no object", (d) => ({ entry: d.entry })],
    ["no entry", () => ({ object: "whatsapp_business_account" })],
    ["entry not an array", (d) => ({ ...d, entry: {} })],
    ["changes missing", (d) => ({ ...d, entry: [{ id: "1" }] })],
    ["a message without id", (d) => (delete firstMessage(d).id, d)],
    ["a message without sender", (d) => (delete firstMessage(d).from, d)],
    ["a non-numeric timestamp", (d) => ((firstMessage(d).timestamp = "yesterday"), d)],
    ["metadata without phone_number_id", (d) => ((firstValue(d).metadata = {}), d)],
    ["messages not an array", (d) => ((firstValue(d).messages = { id: "x" }), d)],
  ])("refuses %s", (_name, mutate) => {
    expect(parseWebhookDelivery(mutate(valid())).ok).toBe(false);
  });

  it("accepts a known type with a missing or odd content object (stored raw, answered 200)", () => {
    const d = valid();
    firstMessage(d).text = { body: 42 };
    expect(parseWebhookDelivery(d).ok).toBe(true);
  });

  it("accepts changes of other fields without validating their value shape", () => {
    expect(parseWebhookDelivery(loadFixture("meta/template_status_update", { phoneNumberId: "1", tag: "t" })).ok).toBe(
      true,
    );
  });
});
