/**
 * The production server under test: built into its own dist dir (.next-bench) so it never disturbs
 * other builds, started with `node …/next start` (no npx wrapper, so the pid is the server's own node
 * process), stopped by process group.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const BENCH_DIST_DIR = ".next-bench";
const NEXT_BIN = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

export function buildApp(): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  return Date.now() - started;
}

/** A free TCP port from the kernel (never 3000/3100/3300: those are not handed out as ephemeral ports). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  /** pid of the `next start` node process. */
  pid: number;
  /** The process and its descendants (Next may start workers). */
  pids: () => number[];
  stop: () => Promise<void>;
  output: () => string;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Output kept (the last 20 kB) and a stop that ends the child's process group (SIGKILL after `graceMs`). */
function superviseChild(child: ChildProcess, graceMs: number) {
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  child.on("exit", () => (exited = true));
  return {
    output: () => log,
    exited: () => exited,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** `npm run worker` as a child process (its own event loop), stopped with its process group. */
export function startWorkerProcess(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  cwd?: string,
): { pid: number; stop: () => Promise<void>; output: () => string } {
  const tsxCli = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  // With node flags (a CPU profile), tsx as a loader in this same process: its CLI would start a child.
  const args =
    nodeArgs.length > 0
      ? [...nodeArgs, "--conditions=react-server", "--import", "tsx", "scripts/worker.ts"]
      : [tsxCli, "--conditions=react-server", "scripts/worker.ts"];
  const child: ChildProcess = spawn(process.execPath, args, {
    ...(cwd ? { cwd } : {}),
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const supervised = superviseChild(child, 15_000);
  return { pid: child.pid!, output: supervised.output, stop: supervised.stop };
}

export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]!));
  return all;
}

/** The bare framework app (bench/bare): a route that reads the body and answers 200. */
export const BARE_APP_DIR = path.join("bench", "bare");

export function buildBareApp(): number {
  const started = Date.now();
  // Its own working directory: Next would otherwise pick up the main app's instrumentation and env checks.
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: BARE_APP_DIR,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build of ${BARE_APP_DIR} failed (exit ${result.status})`);
  return Date.now() - started;
}

export async function startServer(
  envFor: (baseUrl: string) => Record<string, string>,
  { dir, nodeArgs = [] }: { dir?: string; nodeArgs?: string[] } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const env = envFor(`http://127.0.0.1:${port}`);
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      ...(dir ? { cwd: dir } : {}),
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        ...(dir ? {} : { NEXT_DIST_DIR: BENCH_DIST_DIR }),
        PORT: String(port),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const supervised = superviseChild(child, 5_000);
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (supervised.exited()) throw new Error(`next start exited early:\n${supervised.output()}`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`next start did not answer /api/health within 60 s:\n${supervised.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    port,
    pid: child.pid!,
    pids: () => processTree(child.pid!),
    output: supervised.output,
    stop: supervised.stop,
  };
}
