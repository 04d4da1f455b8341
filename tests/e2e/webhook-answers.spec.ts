/**
 * The webhook's answers are a few bytes: Next must not gzip them (it drops a route's Content-Length, so its
 * compression threshold never applied and every acknowledgement got a gzip stream of its own, ~9 % of the web
 * process's CPU at 100 deliveries/s). This test's request accepts gzip, as fetch does (whether WhatsApp's client
 * does was not checked).
 */
import { expect, test } from "@playwright/test";
import { signBody } from "./helpers";

const GZIP = { "accept-encoding": "gzip, deflate" };

test("the webhook's 200 acknowledgement and its 401 refusal are not gzipped (no-transform), though the client accepts gzip", async ({
  request,
}) => {
  // An envelope with no entries: acknowledged and stored, and it files nothing.
  const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
  const acknowledged = await request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { ...GZIP, "content-type": "application/json", "x-hub-signature-256": signBody(body) },
  });
  expect(acknowledged.status()).toBe(200);
  expect(acknowledged.headers()["content-encoding"]).toBeUndefined();
  expect(acknowledged.headers()["cache-control"]).toContain("no-transform");
  expect((await acknowledged.json()).ok).toBe(true);

  const refused = await request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { ...GZIP, "content-type": "application/json", "x-hub-signature-256": "sha256=00" },
  });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-encoding"]).toBeUndefined();

  // The rest of the app is still compressed where it pays: the inbox's login page.
  const page = await request.get("/login", { headers: GZIP });
  expect(page.headers()["content-encoding"]).toBe("gzip");
});
