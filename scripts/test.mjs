#!/usr/bin/env node
/**
 * `npm test`: the whole suite — typecheck, lint, unit, database, build, end-to-end — and a last line
 * `N passed, N failed` (`, N skipped` when any). Database tests use DATABASE_URL when set (a fresh
 * database per run), else embedded PGlite. End-to-end tests drive a Chromium found on the machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
mkdirSync(".test-output", { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n━━ ${label} ━━  ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function check(label, cmd, args, env) {
  const { ok, seconds } = run(label, cmd, args, env);
  totals[ok ? "passed" : "failed"] += 1;
  lines.push(`${ok ? "✓" : "✗"} ${label} (${seconds}s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitest(project) {
  const out = `.test-output/vitest-${project}.json`;
  rmSync(out, { force: true });
  const { ok, seconds } = run(`${project} tests`, "npx", [
    "vitest",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${out}`,
  ]);
  const report = readJson(out);
  if (!report) {
    totals.failed += 1;
    lines.push(`✗ ${project} tests: the runner did not report (exit ${ok ? 0 : "non-zero"})`);
    return;
  }
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no tests in the counts: count it as a failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === "failed" && (f.assertionResults ?? []).length === 0,
  ).length;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + brokenFiles;
  totals.skipped += skipped;
  lines.push(
    `${ok ? "✓" : "✗"} ${project} tests: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed${skipped ? `, ${skipped} skipped` : ""} (${seconds}s)`,
  );
}

function e2e() {
  const executable = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  const found = executable
    ? existsSync(executable)
    : ["/usr/bin/chromium", "/usr/bin/chromium-browser"].some(existsSync);
  if (!found && !playwrightHasOwnChromium()) {
    console.log(
      [
        "\n━━ end-to-end tests ━━",
        executable
          ? `PLAYWRIGHT_CHROMIUM_EXECUTABLE=${executable} does not exist.`
          : "No Chromium found for the end-to-end tests. Any one of these works:",
        "  - Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium   (installs /usr/bin/chromium)",
        "  - point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium or Chrome binary you have",
        "  - let Playwright download its own: npx playwright install chromium",
      ].join("\n"),
    );
    totals.failed += 1;
    lines.push("✗ end-to-end tests: no Chromium (see above for how to get one)");
    return;
  }
  const out = ".test-output/playwright.json";
  rmSync(out, { force: true });
  const { ok, seconds } = run("end-to-end tests", "npx", ["playwright", "test"]);
  const report = readJson(out);
  if (!report?.stats) {
    totals.failed += 1;
    lines.push(`✗ end-to-end tests: the runner did not report (exit ${ok ? 0 : "non-zero"})`);
    return;
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  const failedToStart = !ok && unexpected === 0 && expected === 0 ? 1 : 0;
  totals.passed += expected + flaky;
  totals.failed += unexpected + failedToStart;
  totals.skipped += skipped;
  lines.push(
    `${ok ? "✓" : "✗"} end-to-end tests: ${expected + flaky} passed, ${unexpected + failedToStart} failed${skipped ? `, ${skipped} skipped` : ""} (${seconds}s)`,
  );
}

function playwrightHasOwnChromium() {
  const result = spawnSync(
    "node",
    [
      "-e",
      "const p=require('playwright-core').chromium.executablePath();process.exit(require('fs').existsSync(p)?0:1)",
    ],
    { stdio: "ignore" },
  );
  return result.status === 0;
}

console.log(
  `Database tests run on ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL, a fresh database per run)" : "embedded PGlite (set DATABASE_URL to use a server)"}.`,
);
check("typecheck", "npx", ["tsc", "--noEmit"]);
check("lint", "npx", ["eslint", "."]);
vitest("unit");
vitest("db");
if (check("production build", "npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" })) e2e();
else lines.push("- end-to-end tests not run: the build failed");

console.log("\n━━ summary ━━");
for (const line of lines) console.log(line);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
writeFileSync(".test-output/totals.json", JSON.stringify(totals));
process.exit(totals.failed === 0 ? 0 : 1);
