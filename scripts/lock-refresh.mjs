#!/usr/bin/env node
/**
 * `npm run lock:refresh`: bring package-lock.json in line with package.json so that `npm ci` accepts it
 * on every platform. npm drops other platforms' optional packages (@next/swc-darwin-arm64,
 * @tailwindcss/oxide-win32-x64-msvc…) when it rewrites the lock beside an installed node_modules, and
 * `npm ci` then refuses the lock. So the lock is rewritten in an empty folder (package.json and the
 * lock only, `npm install --package-lock-only`): versions already locked stay as they are, new
 * dependencies are added, every platform's optional packages are recorded.
 * It prints what changed (added, removed, changed versions), refuses a top-level version that differs
 * from package.json's pin, and checks the result with `npm ci --dry-run` before writing it back.
 * After a merge with a conflict in the lock: take either side's lock, then run this.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const work = mkdtempSync(path.join(tmpdir(), "lock-refresh-"));
const npmFlags = ["--ignore-scripts", "--no-audit", "--no-fund"];

function npm(args) {
  const result = spawnSync("npm", args, { cwd: work, encoding: "utf8" });
  if (result.status !== 0) {
    console.error(`npm ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
}

function versions(lock) {
  return Object.fromEntries(
    Object.entries(lock?.packages ?? {})
      .filter(([key]) => key !== "")
      .map(([key, entry]) => [key, entry.version]),
  );
}

const lockFile = path.join(root, "package-lock.json");
const before = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, "utf8")) : null;
for (const file of ["package.json", "package-lock.json", ".npmrc"])
  if (existsSync(path.join(root, file))) copyFileSync(path.join(root, file), path.join(work, file));

npm(["install", "--package-lock-only", ...npmFlags]);
const after = JSON.parse(readFileSync(path.join(work, "package-lock.json"), "utf8"));

const was = versions(before);
const now = versions(after);
const added = Object.keys(now).filter((k) => !(k in was));
const removed = Object.keys(was).filter((k) => !(k in now));
const changed = Object.keys(now).filter((k) => k in was && was[k] !== now[k]);
const name = (key) => key.replace(/^.*node_modules\//, "");
console.log(`package-lock.json: ${added.length} added, ${removed.length} removed, ${changed.length} changed versions`);
for (const k of added) console.log(`  + ${name(k)}@${now[k]}${k.split("node_modules/").length > 2 ? `  (${k})` : ""}`);
for (const k of removed) console.log(`  - ${name(k)}@${was[k]}`);
for (const k of changed) console.log(`  ~ ${name(k)} ${was[k]} → ${now[k]}`);

// Every dependency is pinned to an exact version: the lock must hold exactly that one at the top level.
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const pins = { ...pkg.dependencies, ...pkg.devDependencies };
const wrong = Object.entries(pins).filter(([dep, pin]) => now[`node_modules/${dep}`] !== pin);
if (wrong.length > 0) {
  console.error(
    `Not written: the lock's top-level versions differ from package.json's pins:\n${wrong.map(([d, p]) => `  ${d}: pinned ${p}, locked ${now[`node_modules/${d}`]}`).join("\n")}`,
  );
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}

npm(["ci", "--dry-run", ...npmFlags]);
copyFileSync(path.join(work, "package-lock.json"), lockFile);
rmSync(work, { recursive: true, force: true });
console.log("package-lock.json written; `npm ci --dry-run` accepts it. Run `npm install` to update node_modules.");
