/**
 * proxy.ts leaves the webhook out, so the webhook gives itself the request id the proxy gives every other
 * route: a caller's short plain id is kept, anything else replaced, and it is on every answer.
 */
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
  process.env.WHATSAPP_VERIFY_TOKEN = "test-verify-token";
});

import { GET, POST } from "@/app/api/webhook/whatsapp/route";
import { config } from "@/proxy";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestInstructor } from "../helpers/factories";

describe("the webhook's request id", () => {
  it("is not matched by the proxy, which matches the app's other routes", () => {
    const [pattern] = config.matcher;
    const matches = (path: string) => new RegExp(`^${pattern}$`).test(path);
    expect(matches("/api/webhook/whatsapp")).toBe(false);
    expect(matches("/api/conversations")).toBe(true);
    expect(matches("/api/health/live")).toBe(true);
  });

  it("keeps a caller's short id, replaces a long one, and answers every outcome with one", async () => {
    const instructor = await createTestInstructor();
    const body = JSON.stringify(
      buildSimulatedDelivery({ phoneNumberId: instructor.whatsappPhoneNumberId!, from: "393331112222", text: "Ciao" }),
    );
    const kept = await POST(webhookRequest(body, { headers: { "x-request-id": "wa-123" } }));
    expect(kept.status).toBe(200);
    expect(kept.headers.get("x-request-id")).toBe("wa-123");

    const replaced = await POST(webhookRequest(body, { headers: { "x-request-id": "x".repeat(500) } }));
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await POST(webhookRequest(body, { signature: `sha256=${"0".repeat(64)}` }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const handshake = GET(
      new Request("http://localhost/api/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"),
    );
    expect(handshake.status).toBe(403);
    expect(handshake.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
