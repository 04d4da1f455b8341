/**
 * CM-2.3 in a real browser: link the probable match (after a confirmation naming the customer), see
 * "Linked" in the thread and the list, unlink, and see both in the trail (CM-2.5). Also over HTTP: two
 * tabs linking from one page → one 200 and one 409; another instructor → 404 and nothing written.
 * Each test makes its own sender and customer; on PostgreSQL they are deleted afterwards.
 */
import { expect, test, type Page } from "@playwright/test";
import { randomInt } from "node:crypto";
import postgres from "postgres";
import { e2eDatabaseUrl } from "./e2e-env";
import { DEMO, signBody, signIn, textDelivery, waitUntilFiled } from "./helpers";

const created: { conversationIds: string[]; customerIds: string[] } = { conversationIds: [], customerIds: [] };

test.afterAll(async () => {
  const url = e2eDatabaseUrl();
  if (!url) return; // Embedded PGlite is held by the server; the run's database is dropped by the global teardown.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const ids = [...created.conversationIds, ...created.customerIds];
    if (ids.length > 0) await sql`delete from audit_events where entity_id in ${sql(ids)}`;
    if (created.conversationIds.length > 0)
      await sql`delete from conversations where id in ${sql(created.conversationIds)}`;
    if (created.customerIds.length > 0) await sql`delete from customers where id in ${sql(created.customerIds)}`;
  } finally {
    await sql.end();
  }
});

/** A customer with a fresh number, and a first message from that number: the thread shows a probable match. */
async function senderWithProbableMatch(page: Page) {
  const from = `39347${randomInt(1_000_000, 9_999_999)}`;
  const name = `Linktest ${randomInt(100_000, 999_999)}`;
  const customer = await page.request.post("/api/customers", {
    data: {
      displayName: name,
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: `+${from}` }],
      idempotencyKey: `e2e-link-${from}`,
    },
  });
  expect(customer.status()).toBe(201);
  const customerId = ((await customer.json()) as { customer: { id: string } }).customer.id;
  created.customerIds.push(customerId);

  const profile = `Sender ${from.slice(-4)}`;
  const wamid = `wamid.E2ELINK${Date.now()}${randomInt(1_000_000)}`;
  const body = JSON.stringify(
    textDelivery({
      phoneNumberId: DEMO.giulia.phoneNumberId,
      from,
      text: "Ciao, posso prenotare?",
      id: wamid,
      name: profile,
    }),
  );
  const delivered = await page.request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
  });
  expect(delivered.status()).toBe(200);

  // The webhook stores the delivery; the server's worker files it a moment later.
  const conversation = await waitUntilFiled(page.request, { from, wamid });
  created.conversationIds.push(conversation.id);
  expect(conversation.displayName).toBe(profile);
  return { name, profile, customerId, conversationId: conversation.id };
}

test("an instructor links the probable match, sees Linked (thread and list), unlinks, and sees both in the trail", async ({
  page,
}) => {
  await signIn(page, DEMO.giulia);
  const { name, profile, customerId, conversationId } = await senderWithProbableMatch(page);
  await page.goto(`/inbox/${conversationId}`);

  const signal = page.getByTestId("signal-panel");
  await expect(signal.getByTestId("signal-badge")).toHaveAttribute("data-state", "probable_match");
  // CM-2.4: the signal panel itself offers no action.
  await expect(signal.getByRole("button")).toHaveCount(0);

  const section = page.getByTestId("customer-section");
  await section.getByRole("button", { name: `Link to ${name}` }).click();
  const confirm = section.getByTestId("link-confirm");
  await expect(confirm).toContainText(`Link this conversation to ${name}?`);
  await confirm.getByRole("button", { name: `Link to ${name}` }).click();

  await expect(signal.getByTestId("signal-badge")).toHaveAttribute("data-state", "linked");
  await expect(signal.getByTestId("signal-badge")).toHaveText(`Linked: ${name}`);
  await expect(section.getByTestId("customer-link-state")).toHaveText(`Linked to ${name}`);
  const row = page.getByTestId("conversation-list").getByTestId("conversation-row").filter({ hasText: profile });
  await expect(row.getByTestId("signal-badge")).toHaveText(`Linked: ${name}`, { timeout: 15_000 });

  await section.getByRole("button", { name: "Unlink" }).click();
  await expect(section.getByTestId("link-confirm")).toContainText(`Unlink this conversation from ${name}?`);
  await section.getByTestId("link-confirm").getByRole("button", { name: "Unlink" }).click();
  await expect(signal.getByTestId("signal-badge")).toHaveAttribute("data-state", "probable_match");
  await expect(section.getByTestId("customer-link-state")).toHaveText("Not linked to a customer.");

  await section.getByText("History of this conversation").click();
  const entries = section.getByTestId("trail-entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText(`unlinked this conversation from ${name}.`);
  await expect(entries.nth(1)).toContainText(`linked this conversation to ${name}.`);
  await expect(entries.nth(1)).toContainText(`The inbox showed a probable match: ${name}.`);

  await page.goto(`/customers/${customerId}`);
  await expect(page.getByTestId("customer-name")).toHaveText(name);
  const trail = page.getByTestId("customer-trail").getByTestId("trail-entry");
  await expect(trail.nth(0)).toContainText(`unlinked the conversation with ${profile} from ${name}.`);
  await expect(trail.nth(1)).toContainText(`linked the conversation with ${profile} to ${name}.`);
});

test("two tabs linking from the same page: one wins, the other gets 409 and a message; another instructor gets 404", async ({
  browser,
}) => {
  const giulia = await browser.newContext();
  const tabA = await giulia.newPage();
  await signIn(tabA, DEMO.giulia);
  const { name, customerId, conversationId } = await senderWithProbableMatch(tabA);
  const tabB = await giulia.newPage();
  await tabA.goto(`/inbox/${conversationId}`);
  await tabB.goto(`/inbox/${conversationId}`);

  // Both tabs open the confirmation from the same version; A confirms first.
  for (const tab of [tabA, tabB])
    await tab
      .getByTestId("customer-section")
      .getByRole("button", { name: `Link to ${name}` })
      .click();
  await tabA
    .getByTestId("link-confirm")
    .getByRole("button", { name: `Link to ${name}` })
    .click();
  await expect(tabA.getByTestId("customer-link-state")).toHaveText(`Linked to ${name}`);
  await tabB
    .getByTestId("link-confirm")
    .getByRole("button", { name: `Link to ${name}` })
    .click();
  await expect(tabB.getByRole("alert").filter({ hasText: "changed elsewhere" })).toBeVisible();
  await expect(tabB.getByTestId("customer-link-state")).toHaveText(`Linked to ${name}`);

  // The same race over HTTP from a stale version: 409, and still one audit row for the one change.
  const stale = await tabB.request.post(`/api/conversations/${conversationId}/unlink`, {
    data: { version: 0, seenSignal: { state: "probable_match" } },
  });
  expect(stale.status()).toBe(409);
  const trail = (await (await tabB.request.get(`/api/conversations/${conversationId}/audit`)).json()) as {
    items: { action: string }[];
  };
  expect(trail.items.map((i) => i.action)).toEqual(["conversation.customer_linked"]);

  // Lukas: Giulia's conversation and customer are not found, and nothing changes.
  const lukas = await browser.newContext();
  const lukasPage = await lukas.newPage();
  await signIn(lukasPage, DEMO.lukas);
  const api = lukasPage.request;
  const seenSignal = { state: "linked" };
  const calls = [
    await api.post(`/api/conversations/${conversationId}/unlink`, { data: { version: 1, seenSignal } }),
    await api.post(`/api/conversations/${conversationId}/link`, { data: { customerId, version: 1, seenSignal } }),
    await api.post(`/api/conversations/${conversationId}/customer`, {
      data: { displayName: "hijack", identifiers: [], idempotencyKey: "hijack-0001", version: 1, seenSignal },
    }),
    await api.post(`/api/conversations/${conversationId}/link`, { data: "not json at all" }),
    await api.get(`/api/conversations/${conversationId}/audit`),
    await api.get(`/api/customers/${customerId}/trail`),
  ];
  // A body that is not JSON is refused before any route runs (415), whoever sends it.
  expect(calls.map((r) => r.status())).toEqual([404, 404, 404, 415, 404, 404]);
  expect((await lukasPage.goto(`/customers/${customerId}`))?.status()).toBe(404);
  const after = (await (await tabA.request.get(`/api/conversations/${conversationId}/audit`)).json()) as {
    items: { action: string }[];
  };
  expect(after.items).toHaveLength(1);
  expect(
    (
      (await (await tabA.request.get(`/api/conversations/${conversationId}`)).json()) as {
        conversation: { customerId: string };
      }
    ).conversation.customerId,
  ).toBe(customerId);
  await giulia.close();
  await lukas.close();
});

test("create a customer from this sender (prefilled, normalized), then change the link by searching another customer", async ({
  page,
}) => {
  await signIn(page, DEMO.giulia);
  const { name, profile, conversationId } = await senderWithProbableMatch(page);
  await page.goto(`/inbox/${conversationId}`);
  const section = page.getByTestId("customer-section");
  await section.getByRole("button", { name: "New customer from this sender" }).click();
  const form = section.getByTestId("create-from-sender");
  await expect(form.getByLabel("Name")).toHaveValue(profile);
  await expect(form.getByLabel("WhatsApp number")).toHaveValue(/^\+39347\d{7}$/);
  const newName = `${profile} (new)`;
  await form.getByLabel("Name").fill(newName);
  await form.getByRole("button", { name: "Create and link" }).click();
  await expect(section.getByTestId("customer-link-state")).toHaveText(`Linked to ${newName}`);
  // The same number is already saved for the test's first customer: both kept, said plainly.
  await expect(section.getByTestId("duplicate-warning")).toContainText(`is also saved for ${name}`);
  const found = (await (await page.request.get(`/api/customers?q=${encodeURIComponent(newName)}`)).json()) as {
    items: { id: string; displayName: string; identifiers: { normalizedIdentifier: string }[] }[];
  };
  const newCustomer = found.items.filter((c) => c.displayName === newName);
  created.customerIds.push(...newCustomer.map((c) => c.id));
  expect(newCustomer).toHaveLength(1);
  // Same number as the sender's (and as the customer made for this test): both are kept, never merged.
  const original = found.items.find((c) => c.displayName === name)!;
  expect(newCustomer[0]!.identifiers.map((i) => i.normalizedIdentifier)).toEqual(
    original.identifiers.map((i) => i.normalizedIdentifier),
  );

  await section.getByRole("button", { name: "Change customer" }).click();
  await section.getByTestId("customer-search").getByLabel("Search your customers by name or number").fill(name);
  await section
    .getByTestId("customer-search")
    .getByRole("button", { name: `Link to ${name}` })
    .click();
  await expect(section.getByTestId("link-confirm")).toContainText(`Change the link from ${newName} to ${name}?`);
  await section
    .getByTestId("link-confirm")
    .getByRole("button", { name: `Link to ${name}` })
    .click();
  await expect(page.getByTestId("signal-panel").getByTestId("signal-badge")).toHaveText(`Linked: ${name}`);

  await section.getByText("History of this conversation").click();
  const entries = section.getByTestId("trail-entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText(`changed the link of this conversation from ${newName} to ${name}.`);
  await expect(entries.nth(1)).toContainText(
    `created the customer ${newName} from this sender and linked the conversation to them.`,
  );
});
