import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { networkInterfaces } from "node:os";
import { DEMO, signIn } from "./helpers";
import { E2E_SECRETS } from "./e2e-env";

/**
 * The e2e server runs as `npm start` does on one's own machine: no APP_URL, listening on every address.
 * Sign-in must work through 127.0.0.1 and through this machine's own LAN address (what a phone on the
 * same Wi-Fi opens), and still refuse a page from another origin. Only this machine's own addresses are used.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === "IPv4")?.address;

for (const [label, host] of [
  ["127.0.0.1", "127.0.0.1"],
  ["the machine's LAN address", lanAddress],
] as const) {
  test(`signs in through ${label} with no APP_URL`, async ({ browser }) => {
    test.skip(!host, "this machine has no non-loopback IPv4 address");
    const context = await browser.newContext({ baseURL: `http://${host}:${port}` });
    const page = await context.newPage();
    await signIn(page, DEMO.giulia);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(`${host}:${port}`);
    await context.close();
  });
}

test("refuses a sign-in posted from another origin (the origin check still guards)", async ({ request }) => {
  const response = await request.post(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: { email: DEMO.giulia.email, password: DEMO.giulia.password },
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toMatch(/origin/i);
});

test("a production start without APP_URL refuses to serve, and says APP_URL", async () => {
  test.setTimeout(90_000);
  const productionPort = port + 3;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...E2E_SECRETS,
    NODE_ENV: "production",
    PORT: String(productionPort),
    DATABASE_URL: "postgres://postgres@127.0.0.1:1/unused",
  };
  delete env.APP_URL;
  delete env.INBOX_LOCAL;
  const server = spawn("npx", ["next", "start", "-p", String(productionPort), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  server.stderr.on("data", (chunk) => (output += chunk));
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 60_000);
    server.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  if (exitCode === null && server.pid) process.kill(-server.pid, "SIGTERM");
  expect(exitCode, output).not.toBe(0);
  expect(exitCode, "the server exits instead of serving").not.toBeNull();
  expect(output).toContain("APP_URL is required in production");
});
