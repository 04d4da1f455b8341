import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

// The browser sits in another zone and locale than both instructors and the server (UTC): any time
// formatted with the runtime's own zone or locale instead of the instructor's would show up here.
test.use({ timezoneId: "America/Los_Angeles", locale: "en-US" });

/** Every instructor-zone time in a page's server HTML: [zone, text] pairs in document order. */
async function serverTimes(page: Page, path: string): Promise<[string, string][]> {
  const html = await (await page.request.get(path)).text();
  return [...html.matchAll(/<span data-time-zone="([^"]+)"[^>]*>([\s\S]*?)<\/span>/g)].map((m) => [
    m[1]!,
    m[2]!.replace(/<!-- -->/g, "").trim(),
  ]);
}

/** The same times after hydration, read from the live DOM. */
async function hydratedTimes(page: Page): Promise<[string, string][]> {
  return page
    .locator("span[data-time-zone]")
    .evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute("data-time-zone") ?? "", (n.textContent ?? "").trim()] as [string, string]),
    );
}

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    // A missing favicon is a 404 in the console too; it is not about rendering.
    if (text.startsWith("Failed to load resource")) return;
    if (message.type() === "error" || /hydrat|did not match|#418|#423|#425/i.test(text))
      problems.push(`${message.type()}: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

for (const who of [
  { name: "Giulia (Italy)", login: DEMO.giulia, zone: "Europe/Rome" },
  { name: "Lukas (Switzerland)", login: DEMO.lukas, zone: "Europe/Zurich" },
]) {
  test(`${who.name}: times in ${who.zone}, 24-hour, and the server HTML and the hydrated page show the same text without hydration warnings`, async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await signIn(page, who.login);
    const list = await (await page.request.get("/api/conversations?filter=all")).json();
    const conversationId: string = list.items[0].id;

    for (const path of ["/inbox", `/inbox/${conversationId}`]) {
      const fromServer = await serverTimes(page, path);
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const hydrated = await hydratedTimes(page);
      expect(fromServer.length, `${path} shows times`).toBeGreaterThan(0);
      expect(hydrated, path).toEqual(fromServer);
      for (const [zone, text] of hydrated) {
        expect(zone).toBe(who.zone);
        expect(text).not.toMatch(/AM|PM/);
      }
    }
    // A conversation page shows full times: HH:MM, 24-hour, computed in the instructor's zone.
    const messageTime = await page
      .locator("span[data-time-zone]")
      .last()
      .evaluate((n) => ({ iso: n.getAttribute("data-iso")!, text: n.textContent! }));
    const expected = new Intl.DateTimeFormat("en-GB", {
      timeZone: who.zone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(messageTime.iso));
    expect(messageTime.text).toContain(expected);
    expect(problems).toEqual([]);
  });
}
