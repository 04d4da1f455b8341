import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

interface Ids {
  conversationId: string;
  draftId: string;
  customerId: string;
  olderCursor: string;
  secret: string;
}

/** Giulia's ids, read through her own session. */
async function giuliaIds(request: APIRequestContext): Promise<Ids> {
  // Page through the list: other specs (the replay storm) add many newer conversations to Giulia's inbox.
  let marco: { id: string } | undefined;
  let page: string | null = null;
  do {
    const list: { items: { id: string; displayName: string }[]; nextCursor: string | null } = await (
      await request.get(`/api/conversations?filter=all${page ? `&cursor=${encodeURIComponent(page)}` : ""}`)
    ).json();
    marco = list.items.find((c) => c.displayName === "Marco");
    page = list.nextCursor;
  } while (!marco && page);
  if (!marco) throw new Error("the seeded conversation with Marco was not found in Giulia's inbox");
  const thread = await (await request.get(`/api/conversations/${marco.id}`)).json();
  const customers = await (await request.get("/api/customers?q=Anna")).json();
  // A valid keyset cursor (the route must refuse by tenant, not by a malformed cursor).
  const cursor = Buffer.from(JSON.stringify({ t: new Date().toISOString(), id: thread.messages[0].id })).toString(
    "base64url",
  );
  return {
    conversationId: marco.id,
    draftId: thread.draft.id,
    customerId: customers.items[0].id,
    olderCursor: cursor,
    secret: thread.messages[0].body,
  };
}

test("Lukas opening Giulia's conversation URL or any API route with her ids gets 404 and sees nothing of it", async ({
  browser,
}) => {
  const giulia = await browser.newContext();
  const giuliaPage = await giulia.newPage();
  await signIn(giuliaPage, DEMO.giulia);
  const ids = await giuliaIds(giuliaPage.request);
  expect(ids.secret).toContain("Vorrei prenotare");

  const lukas = await browser.newContext();
  const page = await lukas.newPage();
  await signIn(page, DEMO.lukas);

  const response = await page.goto(`/inbox/${ids.conversationId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Conversation not found" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Vorrei prenotare");
  await expect(page.locator("body")).not.toContainText("Marco");

  const api = page.request;
  const version = "2020-01-01 00:00:00+00";
  const calls: [string, () => ReturnType<APIRequestContext["get"]>][] = [
    ["GET thread", () => api.get(`/api/conversations/${ids.conversationId}`)],
    [
      "GET older messages",
      () => api.get(`/api/conversations/${ids.conversationId}/messages?cursor=${ids.olderCursor}`),
    ],
    ["POST read", () => api.post(`/api/conversations/${ids.conversationId}/read`)],
    [
      "POST reply",
      () =>
        api.post(`/api/conversations/${ids.conversationId}/reply`, {
          data: { body: "hijack", idempotencyKey: `tenant-${Date.now()}` },
        }),
    ],
    ["PATCH draft", () => api.patch(`/api/drafts/${ids.draftId}`, { data: { text: "hijack" } })],
    ["POST approve", () => api.post(`/api/drafts/${ids.draftId}/approve`, { data: { text: "hijack" } })],
    ["POST reject", () => api.post(`/api/drafts/${ids.draftId}/reject`, { data: { reason: "hijack" } })],
    ["GET customer", () => api.get(`/api/customers/${ids.customerId}`)],
    [
      "PATCH customer",
      () =>
        api.patch(`/api/customers/${ids.customerId}`, { data: { displayName: "hijack", identifiers: [], version } }),
    ],
  ];
  for (const [name, call] of calls) {
    const res = await call();
    expect(res.status(), name).toBe(404);
    const text = await res.text();
    expect(text, name).not.toContain("Vorrei");
    expect(text, name).not.toContain("Marco");
    expect(text, name).not.toContain("Anna");
  }

  // Lists are scoped: none of Giulia's conversations or customers appear for Lukas.
  const lukasList = await (await api.get("/api/conversations?filter=all")).json();
  expect(lukasList.items.map((c: { id: string }) => c.id)).not.toContain(ids.conversationId);
  const lukasCustomers = await (await api.get("/api/customers")).json();
  expect(lukasCustomers.items.map((c: { id: string }) => c.id)).not.toContain(ids.customerId);
  const settings = await (await api.get("/api/settings")).json();
  expect(settings.email).toBe(DEMO.lukas.email);

  // Giulia's draft and customer are untouched.
  const after = await (await giuliaPage.request.get(`/api/conversations/${ids.conversationId}`)).json();
  expect(after.draft.id).toBe(ids.draftId);
  expect(after.draft.state).toBe("proposed");
  expect(after.draft.editedText ?? "").not.toContain("hijack");
  expect(after.draft.history.length).toBe(0);
  const anna = await (await giuliaPage.request.get(`/api/customers/${ids.customerId}`)).json();
  expect(anna.displayName).toBe("Anna Verdi");

  // Signed out: 401, not data.
  const anonymous = await browser.newContext();
  const anon = await anonymous.request.get(`/api/conversations/${ids.conversationId}`);
  expect(anon.status()).toBe(401);
  // The same {kind, message} vocabulary as every other refusal (it used to be {error, message}).
  expect(await anon.json()).toEqual({ kind: "unauthorized", message: "Sign in required." });
  await Promise.all([giulia.close(), lukas.close(), anonymous.close()]);
});
