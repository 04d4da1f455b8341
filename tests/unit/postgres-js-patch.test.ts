/**
 * postgres.js 3.4.9 crashes the process when a connection closes with a write pending (a write on a
 * null socket from setImmediate; porsager/postgres #1066, #1154, #1208, unfixed in the newest release).
 * patches/postgres+3.4.9.patch fixes it, applied by patch-package on `npm install` / `npm ci`.
 * These tests fail, and say why, when that patch is missing: `npm ci --ignore-scripts` skips it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const patchFile = readdirSync(path.join(root, "patches")).find((f) => f.startsWith("postgres+"));

describe("the postgres.js patch", () => {
  it("matches the installed postgres.js version, and every line it adds is installed", () => {
    expect(patchFile, "patches/postgres+<version>.patch is missing").toBeDefined();
    const patchedVersion = patchFile!.replace(/^postgres\+/, "").replace(/\.patch$/, "");
    const installed = JSON.parse(readFileSync(path.join(root, "node_modules/postgres/package.json"), "utf8")).version;
    expect(
      installed,
      "postgres.js was upgraded: check whether it fixes the null-socket write, then regenerate (npx patch-package postgres) or delete the patch",
    ).toBe(patchedVersion);

    const patch = readFileSync(path.join(root, "patches", patchFile!), "utf8");
    for (const section of patch.split(/^diff --git /m).slice(1)) {
      const file = /^a\/(\S+)/.exec(section)![1]!;
      const source = readFileSync(path.join(root, file), "utf8");
      const added = section
        .split("\n")
        .filter((l) => l.startsWith("+") && !l.startsWith("+++"))
        .map((l) => l.slice(1));
      const missing = added.filter((line) => !source.includes(line));
      expect(
        missing,
        `${file} is not patched (was the install run with --ignore-scripts? run: npx patch-package)`,
      ).toEqual([]);
    }
  });

  for (const flavour of ["esm", "cjs"] as const) {
    it(`rejects a transaction whose connection closes mid-way instead of crashing the process or hanging (${flavour} build)`, () => {
      const run = spawnSync(process.execPath, [path.join(root, "tests/helpers/postgres-closed-socket.mjs"), flavour], {
        cwd: root,
        encoding: "utf8",
        timeout: 20_000,
      });
      const output = `${run.stdout}${run.stderr}`;
      expect(
        run.status,
        run.status === 2
          ? `a query never settled:\n${output}`
          : `the process crashed (unpatched postgres.js?):\n${output}`,
      ).toBe(0);
      expect(run.stdout.trim()).toBe("settled CONNECTION_CLOSED");
    });
  }
});
