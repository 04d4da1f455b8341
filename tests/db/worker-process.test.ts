/**
 * `npm run worker` as a process (scripts/worker.ts) on PostgreSQL: it plans its statements with
 * plan_cache_mode auto unless DATABASE_PLAN_CACHE_MODE says otherwise (the web process keeps
 * force_custom_plan: prepared-statements.test.ts), and it stops cleanly on SIGTERM. It runs against a
 * database of its own, so it never claims the jobs of the other test files. PGlite has no worker process.
 */
import { spawn } from "node:child_process";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";

const baseUrl = process.env.DATABASE_URL;

describe.skipIf(!baseUrl)("npm run worker on PostgreSQL", () => {
  const name = `inbox_worker_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  let workerUrl = "";
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(baseUrl!);
    url.pathname = `/${name}`;
    workerUrl = url.toString();
    const handle = createDb({ databaseUrl: workerUrl, poolMax: 1 });
    await runMigrations(handle);
    await handle.close();
  }, 60_000);

  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  /** Starts the worker, waits for its start line, stops it with SIGTERM: the line and the exit code. */
  async function startAndStop(extraEnv: Record<string, string>): Promise<{ line: string; code: number | null }> {
    const child = spawn(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/worker.ts"],
      {
        env: { ...process.env, DATABASE_URL: workerUrl, NODE_ENV: "test", LOG_LEVEL: "warn", ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 45_000;
    while (!/worker \S+: .*Ctrl-C to stop/.test(output) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const line = output.split("\n").find((l) => /Ctrl-C to stop/.test(l)) ?? output;
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
    return { line, code };
  }

  it("plans its statements with plan_cache_mode auto (generic plans for its key lookups and claims)", async () => {
    const { line, code } = await startAndStop({});
    expect(line).toMatch(/plan_cache_mode auto;/);
    expect(code).toBe(0);
  }, 90_000);

  it("DATABASE_PLAN_CACHE_MODE=force_custom_plan overrides it", async () => {
    const { line, code } = await startAndStop({ DATABASE_PLAN_CACHE_MODE: "force_custom_plan" });
    expect(line).toMatch(/plan_cache_mode force_custom_plan;/);
    expect(code).toBe(0);
  }, 90_000);
});
