import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

test("a signed-out visitor is sent to /login", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Instructor Inbox" })).toBeVisible();
});

test("a wrong password shows a clear error and stays on /login", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.giulia.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test("a demo instructor signs in and sees the seeded conversations", async ({ page }) => {
  await signIn(page, DEMO.giulia);
  await expect(
    page.getByText("Hi! Do you have any availability next week?").or(page.getByText("Marco")).first(),
  ).toBeVisible();
});

test("GET /api/health answers 200 with ok:true while the database is up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true });
});
