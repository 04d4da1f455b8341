#!/usr/bin/env node
/**
 * `npm start`: the zero-config start. Builds if needed, migrates, seeds the EMBEDDED database when it
 * is empty (never a DATABASE_URL server), and serves on every address of the machine at $PORT (default
 * 3000): http://localhost:3000, and the printed Network: address for a phone on the same Wi-Fi.
 * Without secrets in the environment it generates local ones under .data/ (kept across restarts).
 */
import { spawnSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { generateVapidKeys } from "./vapid-keys.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = process.env.PORT || "3000";
const env = { ...process.env, PORT: port };
const embedded = !env.DATABASE_URL;

function run(cmd, args, extraEnv = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

// Local secrets for the demo: generated once, stored under .data/ (git-ignored).
if (!env.BETTER_AUTH_SECRET || !env.WHATSAPP_APP_SECRET || !env.VAPID_PUBLIC_KEY) {
  mkdirSync(".data", { recursive: true });
  const file = ".data/local-secrets.json";
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  secrets.BETTER_AUTH_SECRET ??= randomBytes(32).toString("hex");
  secrets.WHATSAPP_APP_SECRET ??= randomBytes(16).toString("hex");
  secrets.WHATSAPP_VERIFY_TOKEN ??= randomBytes(8).toString("hex");
  if (!secrets.VAPID_PUBLIC_KEY || !secrets.VAPID_PRIVATE_KEY) Object.assign(secrets, await generateVapidKeys());
  writeFileSync(file, JSON.stringify(secrets, null, 2));
  for (const [key, value] of Object.entries(secrets)) env[key] ??= value;
}
// A start on the user's own machine, not a production server: without APP_URL, sign-in trusts every
// address this machine answers on (localhost, 127.0.0.1, its LAN address for a phone on the same Wi-Fi).
env.INBOX_LOCAL ??= "1";

/** http://ADDRESS:PORT for each non-loopback IPv4 address of this machine (what a phone would open). */
function networkUrls() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && (a.family === "IPv4" || a.family === 4))
    .map((a) => `http://${a.address}:${port}`);
}

const buildId = ".next/BUILD_ID";
const sourceDirs = ["app", "lib", "db", "public"];
const needsBuild =
  !existsSync(buildId) ||
  Math.max(
    ...sourceDirs.map(newestMtime),
    ...["next.config.mjs", "package.json", "proxy.ts", "instrumentation.ts"]
      .filter(existsSync)
      .map((f) => statSync(f).mtimeMs),
  ) > statSync(buildId).mtimeMs;
if (needsBuild) {
  console.log("Building the app (first start, or the sources changed)…");
  run("npx", ["next", "build"]);
}

const tsx = ["tsx", "--conditions=react-server"];
run("npx", [...tsx, "scripts/db-migrate.ts"]);
if (embedded) run("npx", [...tsx, "scripts/db-seed.ts"]);

console.log(`\nInstructor Inbox  (database: ${embedded ? "embedded PGlite in .data/" : "DATABASE_URL"})`);
console.log(`  Local:   ${env.APP_URL ?? `http://localhost:${port}`}`);
if (!env.APP_URL) for (const url of networkUrls()) console.log(`  Network: ${url}`);
if (embedded) {
  console.log("Demo logins: giulia@demo.inbox / demo-password   ·   lukas@demo.inbox / demo-password");
  console.log(
    'Simulate an inbound WhatsApp message: npm run simulate -- --phone-number-id 100000000000001 --from 393331234567 --text "Ciao!"\n',
  );
}
const server = spawn("npx", ["next", "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
