import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { E2E_SECRETS } from "./e2e-env";

/** A second server whose DATABASE_URL points at a dead port: health must say so with 503. */
const port = Number(process.env.E2E_PORT ?? 3100) + 1;
let server: ChildProcess;

test.beforeAll(async () => {
  server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ...E2E_SECRETS,
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/nothing_listens_here",
      APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "silent",
    },
    stdio: "ignore",
    detached: true,
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the dead-database server did not start");
});

test.afterAll(() => {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
});

test("GET /api/health answers 503 with ok:false when the database does not answer", async () => {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ ok: false, database: "down" });
});

test("GET /api/health/live still answers 200 without a database", async () => {
  const response = await fetch(`http://127.0.0.1:${port}/api/health/live`);
  expect(response.status).toBe(200);
});
