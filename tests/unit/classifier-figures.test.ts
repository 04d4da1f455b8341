/**
 * CLASSIFIER_FIGURES.md, which the README links for every labelled set's figures by language and intent, is the
 * output of the current rules and model: regenerate it with
 * `npm run eval:classifier -- --markdown CLASSIFIER_FIGURES.md` after changing either.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifierFiguresMarkdown } from "../helpers/classifier-report";

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../CLASSIFIER_FIGURES.md");

describe("CLASSIFIER_FIGURES.md", () => {
  it("holds the figures of the current rules and model", () => {
    expect(readFileSync(FILE, "utf8")).toBe(classifierFiguresMarkdown());
  }, 60_000);
});
