/**
 * lib/ is the pure core: no file in it may import the database, Next, secrets or the network. ESLint
 * checks static imports; this scan also sees dynamic import() and require(), which the rule does not.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { LIB_FORBIDDEN_IMPORT } from "../../scripts/lib-forbidden-imports.mjs";

const LIB = path.join(process.cwd(), "lib");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module specifier of a source: static and type imports, re-exports, import() and require(). */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** import()/require() with a computed argument cannot be checked, so it is not allowed in lib/ either. */
function hasComputedLoad(source: string): boolean {
  const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const isLoad =
        node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require");
      const arg = node.arguments[0];
      if (isLoad && (!arg || !ts.isStringLiteralLike(arg))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function violations(source: string): string[] {
  const bad = specifiersOf(source).filter((s) => LIB_FORBIDDEN_IMPORT.test(s));
  return hasComputedLoad(source) ? [...bad, "(computed import)"] : bad;
}

describe("lib/ purity", () => {
  it("no file in lib/ imports db/, server/, app/, components/, next, server-only or a driver or network module", () => {
    const found = sourceFiles(LIB).flatMap((file) =>
      violations(readFileSync(file, "utf8")).map((s) => `${path.relative(process.cwd(), file)} imports ${s}`),
    );
    expect(found).toEqual([]);
  });

  it("the scan sees every way of importing, and lets pure modules through", () => {
    const forbidden = [
      'import { db } from "@/db";',
      'import type { Draft } from "@/db/schema";',
      'import { x } from "../../db/schema";',
      'export { env } from "@/server/env";',
      'import "server-only";',
      'import { headers } from "next/headers";',
      'const pg = await import("postgres");',
      'const http = require("node:http");',
      'import { readFile } from "node:fs/promises";',
      'import { generateText } from "ai";',
      'import { createOpenAICompatible } from "@ai-sdk/openai-compatible";',
      'import { sql } from "drizzle-orm";',
      'import { PGlite } from "@electric-sql/pglite";',
      'import pino from "pino";',
      'import { fetch } from "undici";',
      'import webpush from "web-push";',
      'import { betterAuth } from "better-auth";',
      'import { AwsClient } from "aws4fetch";',
      "const m = await import(name);",
    ];
    for (const source of forbidden) expect(violations(source), source).not.toEqual([]);
    const allowed = [
      'import { z } from "zod";',
      'import { createHmac } from "node:crypto";',
      'import { INTENTS } from "@/lib/vocabulary";',
      'import { normalizeText } from "../classification/normalize-text";',
      'import { parsePhoneNumberFromString } from "libphonenumber-js";',
      'import * as chrono from "chrono-node";',
      'const aiText = "ai";',
    ];
    for (const source of allowed) expect(violations(source), source).toEqual([]);
  });
});
