import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

type Settings = {
  draftsEnabled: boolean;
  draftThreshold: number;
  priceText: string | null;
  defaultRegion: string;
  markReadOnOpen: boolean;
  replyTemplates: unknown;
  version: string;
};
const EDITABLE = [
  "draftsEnabled",
  "draftThreshold",
  "priceText",
  "defaultRegion",
  "markReadOnOpen",
  "replyTemplates",
] as const;

/** Puts the demo instructor's settings back as they were, so no other spec sees this one's edits. */
async function restore(api: APIRequestContext, original: Settings) {
  const current = (await (await api.get("/api/settings")).json()) as Settings;
  const body = Object.fromEntries(EDITABLE.map((k) => [k, original[k]]));
  const response = await api.patch("/api/settings", { data: { ...body, version: current.version } });
  expect(response.status()).toBe(200);
  const after = (await (await api.get("/api/settings")).json()) as Settings;
  for (const k of EDITABLE) expect(after[k]).toEqual(original[k]);
}

let original: Settings | null = null;
test.afterEach(async ({ page }) => {
  if (original) await restore(page.request, original);
  original = null;
});

test("settings: phone_number_id read-only, threshold and a template saved; an invalid region is refused; a stale form gets 409", async ({
  page,
}) => {
  await signIn(page, DEMO.lukas);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByTestId("phone-number-id")).toHaveText(DEMO.lukas.phoneNumberId);
  await expect(page.getByRole("textbox", { name: /phone number id/i })).toHaveCount(0);

  const before = (await (await page.request.get("/api/settings")).json()) as Settings;
  original = before;

  await page.getByLabel("Confidence threshold (0 to 1)").fill("0.8");
  await page.getByLabel("Intent").selectOption("price_question");
  await page.getByLabel("Language").selectOption("de");
  await page.getByLabel(/^Template:/).fill("Grüezi! Ein Segelkurs kostet CHF 90 pro Stunde.");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("settings-message")).toHaveText("Settings saved.");
  await page.reload();
  await expect(page.getByLabel("Confidence threshold (0 to 1)")).toHaveValue("0.8");
  await page.getByLabel("Intent").selectOption("price_question");
  await page.getByLabel("Language").selectOption("de");
  await expect(page.getByLabel(/^Template:/)).toHaveValue("Grüezi! Ein Segelkurs kostet CHF 90 pro Stunde.");

  await page.getByLabel(/Default region/).fill("XX");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("settings-message")).toContainText("two-letter country code");

  // The version read before the save is stale now: compare-and-set refuses it.
  const stale = await page.request.patch("/api/settings", {
    data: {
      draftsEnabled: false,
      draftThreshold: 0.5,
      priceText: null,
      defaultRegion: "CH",
      markReadOnOpen: false,
      replyTemplates: {},
      version: before.version,
    },
  });
  expect(stale.status()).toBe(409);
  const now = await (await page.request.get("/api/settings")).json();
  expect(now.draftsEnabled).toBe(true);
  expect(now.draftThreshold).toBeCloseTo(0.8);
});
