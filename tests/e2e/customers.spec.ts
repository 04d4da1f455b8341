import { expect, test } from "@playwright/test";
import { randomInt } from "node:crypto";
import { DEMO, signIn } from "./helpers";

test("create a customer with a number typed without country code; it is normalized with the region and searchable", async ({
  page,
}) => {
  await signIn(page, DEMO.giulia);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  const name = `Luca Test ${randomInt(100_000)}`;
  const local = `345 ${randomInt(100, 999)} ${randomInt(1000, 9999)}`;
  await page.getByRole("button", { name: "New customer" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("WhatsApp number 1").fill(local);
  await page.getByRole("button", { name: "Save customer" }).click();
  await expect(page.getByTestId("customer-notice")).toContainText(`${name} was added.`);
  await page.getByLabel("Search customers by name or number").fill(local.replace(/\s/g, "").slice(-7));
  const row = page.getByTestId("customer-row").filter({ hasText: name });
  await expect(row).toContainText(`+39${local.replace(/\s/g, "")}`);
  await expect(page.getByTestId("customer-row")).toHaveCount(1);
});

test("an invalid number is a clear form error and nothing is saved", async ({ page }) => {
  await signIn(page, DEMO.giulia);
  await page.goto("/customers");
  const name = `Invalid ${randomInt(100_000)}`;
  await page.getByRole("button", { name: "New customer" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("WhatsApp number 1").fill("12ab");
  await page.getByRole("button", { name: "Save customer" }).click();
  await expect(page.getByTestId("identifier-error")).toHaveText("This is not a valid phone number.");
  await expect(page.getByRole("alert").filter({ hasText: "Fix the highlighted numbers." })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByLabel("Search customers by name or number").fill(name);
  await expect(page.getByTestId("customer-row")).toHaveCount(0);
});

test("saving a number another customer already has is allowed, warned, and both stay visible (never merged)", async ({
  page,
}) => {
  await signIn(page, DEMO.giulia);
  await page.goto("/customers");
  const name = `Marco Twin ${randomInt(100_000)}`;
  await page.getByRole("button", { name: "New customer" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("WhatsApp number 1").fill("+39 333 123 4567"); // Marco Bianchi's number
  await page.getByRole("button", { name: "Save customer" }).click();
  await expect(page.getByTestId("duplicate-warning")).toContainText("Marco Bianchi");
  await page.getByLabel("Search customers by name or number").fill("3331234567");
  await expect(
    page.getByTestId("customer-row").filter({ has: page.getByText("Marco Bianchi", { exact: true }) }),
  ).toContainText(`shared with ${name}`);
  await expect(page.getByTestId("customer-row").filter({ has: page.getByText(name, { exact: true }) })).toContainText(
    "shared with Marco Bianchi",
  );

  // Edit: rename, then the duplicate goes away when the number is removed.
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  await page.getByLabel("Name", { exact: true }).fill(`${name} renamed`);
  await page.getByRole("button", { name: "Remove identifier 1" }).click();
  await page.getByRole("button", { name: "Save customer" }).click();
  await expect(page.getByTestId("customer-notice")).toContainText(`${name} renamed was saved.`);
  await expect(page.getByTestId("duplicate-warning")).toHaveCount(0);
});

test("a double-submitted create makes one customer (idempotency key)", async ({ page }) => {
  await signIn(page, DEMO.giulia);
  const name = `Double ${randomInt(100_000)}`;
  const body = { displayName: name, notes: null, identifiers: [], idempotencyKey: `double-${Date.now()}` };
  const [a, b] = await Promise.all([
    page.request.post("/api/customers", { data: body }),
    page.request.post("/api/customers", { data: body }),
  ]);
  expect([a.status(), b.status()]).toEqual([201, 201]);
  expect((await a.json()).customer.id).toBe((await b.json()).customer.id);
  const list = await (await page.request.get(`/api/customers?q=${encodeURIComponent(name)}`)).json();
  expect(list.items).toHaveLength(1);
});
