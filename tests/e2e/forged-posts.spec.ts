/** Forged posts over real HTTP: another site's origin is refused before the route runs; the app's own page still saves. */
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

test("a PATCH to /api/settings carrying another site's Origin is refused with 403 and changes nothing; form and text bodies get 415", async ({
  page,
  baseURL,
}) => {
  await signIn(page, DEMO.lukas);
  const before = await (await page.request.get("/api/settings")).json();

  const forged = await page.request.patch("/api/settings", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: JSON.stringify({ version: before.version, priceText: "forged" }),
  });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toMatchObject({ kind: "forbidden" });

  const crossSite = await page.request.post("/api/customers", {
    headers: { "sec-fetch-site": "cross-site", "content-type": "application/json" },
    data: JSON.stringify({ displayName: "Forged", identifiers: [], idempotencyKey: crypto.randomUUID() }),
  });
  expect(crossSite.status()).toBe(403);

  const form = await page.request.post("/api/customers", {
    headers: { origin: baseURL! },
    form: { displayName: "Form" },
  });
  expect(form.status()).toBe(415);

  const after = await (await page.request.get("/api/settings")).json();
  expect(after.version).toBe(before.version);
  expect(after.priceText).toBe(before.priceText);

  // The app's own origin passes the guard (the route then answers for itself: an empty edit is a 400).
  const own = await page.request.patch("/api/settings", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: "{}",
  });
  expect(own.status()).not.toBe(403);
});

test("an over-long x-request-id is replaced, a short one kept", async ({ request }) => {
  const kept = await request.get("/api/health/live", { headers: { "x-request-id": "req-123" } });
  expect(kept.headers()["x-request-id"]).toBe("req-123");
  const replaced = await request.get("/api/health/live", { headers: { "x-request-id": "x".repeat(5000) } });
  expect(replaced.headers()["x-request-id"]).not.toContain("xxxx");
  expect(replaced.headers()["x-request-id"]!.length).toBeLessThanOrEqual(128);
});
