/**
 * No personal data in the logs during a database outage: a production server behind a TCP proxy, its
 * stdout and stderr captured; the database is cut while a signed-in instructor loads the inbox and a
 * customer's message arrives. The captured logs must show the outage (so the search can fail) and must
 * not contain the customer's phone number, their message text or the session token.
 */
import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { E2E_SECRETS, e2eDatabaseUrl } from "./e2e-env";
import { DEMO, signBody, textDelivery } from "./helpers";

const databaseUrl = e2eDatabaseUrl();
test.skip(!databaseUrl, "needs PostgreSQL (DATABASE_URL) to cut the connection with a TCP proxy");

const port = Number(process.env.E2E_PORT ?? 3100) + 3;
const baseUrl = `http://127.0.0.1:${port}`;
let proxy: TcpProxy;
let server: ChildProcess;
let captured = "";

test.beforeAll(async () => {
  const target = new URL(databaseUrl!);
  proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
  const proxied = new URL(databaseUrl!);
  proxied.host = `127.0.0.1:${proxy.port}`;
  server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ...E2E_SECRETS,
      DATABASE_URL: proxied.toString(),
      LOG_LEVEL: "debug",
      DRAFT_SWEEP_INTERVAL_MS: "0",
      LOGIN_RATE_LIMIT_MAX: "1000",
      PORT: String(port),
      APP_URL: baseUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout!.on("data", (chunk) => (captured += String(chunk)));
  server.stderr!.on("data", (chunk) => (captured += String(chunk)));
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the proxied server did not start");
});

test.afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  await proxy?.close();
});

test("during a database outage the logs show the failure but no phone number, message text or session token", async () => {
  test.setTimeout(90_000);
  // Signed in while the database is up: the session token is what getSession queries by.
  const signInResponse = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email: DEMO.giulia.email, password: DEMO.giulia.password }),
  });
  expect(signInResponse.status).toBe(200);
  const setCookie = signInResponse.headers.getSetCookie().find((c) => c.includes("session_token="))!;
  const cookie = setCookie.split(";")[0]!;
  const token = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
  expect(token.length).toBeGreaterThan(10);

  // Customers' messages arrive while the database goes away: some fail at the insert, whose parameters
  // are their phone numbers and texts.
  const run = String(Date.now()).slice(-6);
  const phonePrefix = `39347${run}`;
  const textPrefix = `Riservato-${run}`;
  const bodies = Array.from({ length: 80 }, (_, i) =>
    JSON.stringify(
      textDelivery({
        phoneNumberId: DEMO.giulia.phoneNumberId,
        from: `${phonePrefix}${String(i).padStart(2, "0")}`,
        text: `${textPrefix}-${i} il mio indirizzo`,
        id: `wamid.redact.${run}.${i}`,
        name: `Anna Segreta ${run}`,
      }),
    ),
  );
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < bodies.length) {
        const i = next++;
        if (i === 20) proxy.cut();
        const body = bodies[i]!;
        const response = await fetch(`${baseUrl}/api/webhook/whatsapp`, {
          method: "POST",
          body,
          headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
        }).catch(() => null);
        statuses.push(response?.status ?? 0);
        await response?.arrayBuffer();
      }
    }),
  );
  expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
  const api = await fetch(`${baseUrl}/api/conversations`, { headers: { cookie, origin: baseUrl } });
  expect(api.status).toBeGreaterThanOrEqual(400);
  const apiBody = await api.text();
  const page = await fetch(`${baseUrl}/inbox`, { headers: { cookie } });
  const pageBody = await page.text();
  await new Promise((r) => setTimeout(r, 1000));
  proxy.restore();

  // The outage is in the logs, with failed queries whose parameters were scrubbed (so this search can fail):
  // the webhook could not store deliveries (the job's insert carries the whole delivery as a parameter)...
  expect(captured).toContain("whatsapp webhook: could not store the delivery");
  expect(captured).toContain("params: [redacted]");
  expect(
    captured
      .split("\n")
      .some((line) => line.includes("could not store the delivery") && line.includes("params: [redacted]")),
  ).toBe(true);
  if (process.env.LOG_REDACTION_DUMP) (await import("node:fs")).writeFileSync(process.env.LOG_REDACTION_DUMP, captured);
  // ...and nothing personal is, in the logs or in what was answered.
  for (const secret of [phonePrefix, textPrefix, token, `Anna Segreta ${run}`]) {
    expect(captured, `logs contain ${secret}`).not.toContain(secret);
    expect(apiBody).not.toContain(secret);
    expect(pageBody).not.toContain(secret);
  }
});
