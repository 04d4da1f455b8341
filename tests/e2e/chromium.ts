/** Which Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else /usr/bin/chromium, else Playwright's own. */
import { existsSync } from "node:fs";

export const CHROMIUM_HELP = [
  "No Chromium found for the end-to-end tests. Any one of these works:",
  "  - Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium   (installs /usr/bin/chromium)",
  "  - point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium or Chrome binary you have",
  "  - let Playwright download its own: npx playwright install chromium",
].join("\n");

export function findChromium(): string | undefined | null {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined; // Playwright's own download, if it has one
}
