import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { markMessageRead, sendTextMessage, toWhatsAppRecipient } from "@/server/whatsapp/graph-client";
import { graphErrors, startFakeGraphServer, type FakeGraphServer } from "../helpers/fake-graph-server";

let fake: FakeGraphServer;
beforeAll(async () => {
  fake = await startFakeGraphServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const send = (overrides: Partial<Parameters<typeof sendTextMessage>[0]> = {}) =>
  sendTextMessage({
    graphUrl: fake.graphUrl,
    accessToken: "test-token",
    phoneNumberId: "1122334455667",
    to: "+393331234567",
    body: "Ciao! Yes, Saturday 10:00 works.",
    timeoutMs: 2_000,
    ...overrides,
  });

describe("sendTextMessage against a fake Graph server", () => {
  it("POSTs the documented body with the bearer token and returns messages[0].id", async () => {
    const result = await send();
    expect(result.outcome).toBe("sent");
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.path).toBe("/v23.0/1122334455667/messages");
    expect(call.authorization).toBe("Bearer test-token");
    expect(call.contentType).toBe("application/json");
    expect(call.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "+393331234567",
      type: "text",
      text: { body: "Ciao! Yes, Saturday 10:00 works." },
    });
    if (result.outcome === "sent") {
      expect(result.wamid).toBe(call.wamid);
      expect(result.waId).toBe("393331234567");
    }
  });

  it.each([
    ["131047 window closed", graphErrors.windowClosed, "window_closed", 131047],
    ["131026 undeliverable", graphErrors.undeliverable, "undeliverable", 131026],
    ["130429 rate limited", graphErrors.rateLimited, "rate_limited", 130429],
    ["131056 pair rate limited", graphErrors.pairRateLimited, "rate_limited", 131056],
    ["190 bad token", graphErrors.badToken, "bad_token", 190],
    ["131009 other", graphErrors.invalidParameter, "other", 131009],
  ] as const)("a 4xx Graph error (%s) is 'rejected': definitely not sent", async (_name, behaviour, kind, code) => {
    fake.enqueue(behaviour());
    const result = await send();
    expect(result.outcome).toBe("rejected");
    if (result.outcome === "rejected") expect(result.error).toMatchObject({ kind, code });
  });

  it("a 5xx is 'unknown' (may have been sent), keeping Graph's code", async () => {
    fake.enqueue(graphErrors.serverError());
    const result = await send();
    expect(result).toMatchObject({ outcome: "unknown", reason: "server_error", httpStatus: 500, error: { code: 1 } });
  });

  it("no answer within the timeout after the request was written is 'unknown' (timeout)", async () => {
    fake.enqueue({ kind: "hang" });
    const started = Date.now();
    const result = await send({ timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ outcome: "unknown", reason: "timeout" });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(fake.calls).toHaveLength(1);
  });

  it("a connection reset after the request was written is 'unknown' (connection_lost)", async () => {
    fake.enqueue({ kind: "reset" });
    const result = await send();
    expect(result).toMatchObject({ outcome: "unknown", reason: "connection_lost" });
  });

  it("a slow but in-time answer is 'sent'", async () => {
    fake.enqueue({ kind: "json", status: 200, delayMs: 150 });
    expect((await send({ timeoutMs: 2_000 })).outcome).toBe("sent");
  });

  it("a 2xx without messages[0].id is 'unknown', never 'sent'", async () => {
    fake.enqueue({ kind: "json", status: 200, body: { messaging_product: "whatsapp", contacts: [] } });
    expect(await send()).toMatchObject({ outcome: "unknown", reason: "unexpected_response" });
  });

  it("a 4xx that is not a Graph error (e.g. a proxy page) is 'unknown'", async () => {
    fake.enqueue({ kind: "json", status: 403, body: "<html>forbidden</html>" });
    expect(await send()).toMatchObject({ outcome: "unknown", reason: "unexpected_response", httpStatus: 403 });
  });

  it("connection refused (nothing listening) is 'rejected' as unreachable: the request never left", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await send({ graphUrl: `http://127.0.0.1:${port}/v23.0` });
    expect(result).toMatchObject({ outcome: "rejected", error: { kind: "unreachable", details: "ECONNREFUSED" } });
  });
});

describe("markMessageRead", () => {
  it("POSTs status read with the inbound message id and accepts { success: true }", async () => {
    const result = await markMessageRead({
      graphUrl: fake.graphUrl,
      accessToken: "test-token",
      phoneNumberId: "1122334455667",
      messageId: "wamid.INBOUND123",
      timeoutMs: 2_000,
    });
    expect(result).toEqual({ outcome: "ok" });
    expect(fake.calls[0]!.body).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.INBOUND123",
    });
  });
});

describe("toWhatsAppRecipient", () => {
  it("turns a wa_id into E.164 with a plus", () => {
    expect(toWhatsAppRecipient("393331234567")).toBe("+393331234567");
    expect(toWhatsAppRecipient("+39 333 123 4567")).toBe("+393331234567");
  });
});
