import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/** Nothing may be wider than the screen: horizontal overflow is the classic 375 px bug. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

test.describe("375 px wide phone", () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test("inbox and thread fit the screen without horizontal scrolling", async ({ page }, testInfo) => {
    await signIn(page, DEMO.giulia);
    await expect(page.getByTestId("conversation-list")).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: testInfo.outputPath("inbox-375.png"), fullPage: true });

    await page
      .getByTestId("conversation-row")
      .filter({ has: page.getByText("Marco", { exact: true }) })
      .click();
    await expect(page.getByTestId("thread-title")).toHaveText("Marco");
    // On a phone the thread replaces the list, with a way back.
    await expect(page.getByTestId("conversation-list")).toBeHidden();
    await expect(page.getByRole("link", { name: "Back to the inbox" })).toBeVisible();
    await expect(page.getByTestId("draft-panel")).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: testInfo.outputPath("thread-375.png"), fullPage: true });

    await page.getByRole("link", { name: "Back to the inbox" }).click();
    await expect(page.getByTestId("conversation-list")).toBeVisible();

    for (const path of ["/customers", "/settings"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: testInfo.outputPath(`${path.slice(1)}-375.png`), fullPage: true });
    }
  });
});

test("desktop: list and thread side by side (screenshots for review)", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await signIn(page, DEMO.giulia);
  await page.screenshot({ path: testInfo.outputPath("inbox-desktop.png") });
  await page
    .getByTestId("conversation-row")
    .filter({ has: page.getByText("Sophie M.", { exact: true }) })
    .click();
  await expect(page.getByTestId("thread-title")).toHaveText("Sophie M.");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: testInfo.outputPath("thread-desktop.png") });
});
