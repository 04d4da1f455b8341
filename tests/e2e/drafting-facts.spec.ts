import { expect, test, type Page } from "@playwright/test";
import { randomInt } from "node:crypto";
import postgres from "postgres";
import { e2eDatabaseUrl } from "./e2e-env";
import { DEMO, signBody, signIn, textDelivery } from "./helpers";

/** Conversations this spec created, deleted at the end (messages, drafts… cascade). */
const created: string[] = [];

test.afterAll(async () => {
  const url = e2eDatabaseUrl();
  // On embedded PGlite the run's database folder is per run and removed with it.
  if (!url || created.length === 0) return;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`delete from conversations where id = any(${created}::uuid[])`;
  } finally {
    await sql.end();
  }
});

async function newThread(page: Page, text: string) {
  const from = `4930${randomInt(10_000_000, 99_999_999)}`;
  const name = `Facts ${from.slice(-4)}`;
  await signIn(page, DEMO.giulia);
  const list = page.getByTestId("conversation-list");
  await expect(list).toBeVisible();
  const body = JSON.stringify(
    textDelivery({
      phoneNumberId: DEMO.giulia.phoneNumberId,
      from,
      text,
      id: `wamid.FACTS${Date.now()}${randomInt(1_000_000)}`,
      name,
    }),
  );
  const response = await page.request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
  });
  expect(response.status()).toBe(200);
  const row = list.getByTestId("conversation-row").filter({ hasText: name });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}$/);
  created.push(page.url().split("/").at(-1)!);
  const panel = page.getByTestId("draft-panel");
  await expect(panel).toHaveAttribute("data-state", /proposed|not_drafted/, { timeout: 30_000 });
  return panel;
}

test("a booking with every detail gets a draft that repeats them, quotes the offer and asks for nothing already given; the panel shows why", async ({
  page,
}) => {
  const panel = await newThread(
    page,
    "Ciao Giulia! Vorrei prenotare una lezione privata di sci sabato alle 10, siamo 2 adulti, livello intermedio.",
  );
  await expect(panel).toHaveAttribute("data-state", "proposed");
  const text = await panel.getByLabel("Draft text").inputValue();
  expect(text).toMatch(/^Ciao Facts \d{4}?|^Ciao /);
  expect(text).toMatch(/sabato \d{1,2} \p{L}+, alle 10:00, 2 persone, livello intermedio/u);
  expect(text).toContain("Private ski lesson (1 h): 65 €");
  // Nothing the customer already said is asked again.
  expect(text).not.toMatch(/che giorno|a che ora|quante persone|il vostro livello|Mi dici/);

  const why = panel.getByTestId("draft-why-facts");
  await expect(why.getByTestId("draft-fact-date-understood")).toContainText("sabato");
  await expect(why.getByTestId("draft-fact-time")).toHaveText("10:00");
  await expect(why.getByTestId("draft-fact-people")).toHaveText("2");
  await expect(why.getByTestId("draft-fact-level")).toHaveText("intermediate");
  await expect(why.getByTestId("draft-fact-offer")).toHaveText("Private ski lesson (1 h)");
  await expect(why.getByTestId("draft-fact-price")).toHaveText("65 €");
  await expect(panel.getByTestId("draft-why-asked")).toHaveText("It asks for nothing the customer already gave.");
});

test("bad news with a thank-you gets no cheerful draft, and the panel names the words that blocked it", async ({
  page,
}) => {
  const panel = await newThread(
    page,
    "Grazie di tutto! Purtroppo mio marito si è fatto male al ginocchio, domani non veniamo.",
  );
  await expect(panel).toHaveAttribute("data-state", "not_drafted");
  await expect(panel.getByLabel("Draft text")).toHaveCount(0);
  const blocked = panel.getByTestId("draft-why-blocked");
  await expect(blocked).toContainText("No cheerful reply: the message mentions");
  await expect(blocked).toContainText("“purtroppo”");
  await expect(blocked).toContainText("cancels or can't come");
});

test("settings: the profile's offers are saved, a bad price is refused with the row named, and the profile is restored", async ({
  page,
}) => {
  await signIn(page, DEMO.lukas);
  const original = await (await page.request.get("/api/settings/profile")).json();
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    const section = page.getByTestId("profile-section");
    await expect(section.getByTestId("offer-row")).toHaveCount(original.profile.offers.length);
    await section.getByRole("button", { name: "Add offer" }).click();
    const n = original.profile.offers.length + 1;
    await section.getByLabel(`Offer ${n} name`).fill("Sunset sail");
    await section.getByLabel(`Offer ${n} activity`).fill("sailing");
    await section.getByLabel(`Offer ${n} duration in minutes`).fill("90");
    await section.getByLabel(`Offer ${n} price`).fill("-5");
    await section.getByLabel(`Offer ${n} largest group`).fill("4");
    await section.getByRole("button", { name: "Save profile" }).click();
    await expect(section.getByTestId("profile-message")).toHaveText(`Offer ${n}: A price cannot be negative.`);
    await section.getByLabel(`Offer ${n} price`).fill("95");
    await section.getByRole("button", { name: "Save profile" }).click();
    await expect(section.getByTestId("profile-message")).toHaveText("Profile saved. New drafts use it.");
    await page.reload();
    await expect(page.getByTestId("profile-section").getByLabel(`Offer ${n} name`)).toHaveValue("Sunset sail");
    const saved = await (await page.request.get("/api/settings/profile")).json();
    expect(saved.profile.offers.at(-1)).toMatchObject({
      name: "Sunset sail",
      price: 95,
      currency: "CHF",
      groupSizeMax: 4,
    });
    // A stale version is refused (compare-and-set).
    const stale = await page.request.put("/api/settings/profile", {
      data: { profile: original.profile, version: original.version },
    });
    expect(stale.status()).toBe(409);
  } finally {
    const now = await (await page.request.get("/api/settings/profile")).json();
    const restored = await page.request.put("/api/settings/profile", {
      data: { profile: original.profile, version: now.version },
    });
    expect(restored.status()).toBe(200);
  }
});
