/**
 * `npx tsx scripts/build-intent-examples.ts`: writes lib/classification/intent-examples.json, the labelled
 * messages the learned intent model (lib/classification/intent-model.ts) is trained on, from the tuned-on
 * sets in tests/fixtures/classifier/ (tuning, held-out 1–8). Never the never-tuned held-out 9: it is not even
 * loaded. Deterministic: files in name order, messages in file order. Run it after changing those fixtures, then
 * `npx prettier --write` the JSON; tests/unit/classifier-model.test.ts fails while the JSON and the fixtures differ.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { intentExamplesFrom } from "../tests/helpers/classifier-eval";

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "../lib/classification/intent-examples.json");
const examples = intentExamplesFrom();
writeFileSync(target, `${JSON.stringify(examples, null, 0).replace(/\},\{/g, "},\n{")}\n`);
console.log(`${examples.length} examples written to ${path.relative(process.cwd(), target)}`);
