/**
 * `npm run eval:classifier`: runs the deterministic classifier over the labelled messages in
 * tests/fixtures/classifier/<language>.json (the set the keyword rules were tuned on) and
 * <language>.holdout.json (written before any tuning on it, never tuned on), and prints, per set, accuracy
 * per intent and per language, language detection accuracy and a confusion table.
 * `-- --markdown <file>` also writes the figures as Markdown; `-- --misses` lists every miss.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IntentName, LanguageCode } from "../db/schema";
import { classifyMessage, INTENTS } from "../lib/classification/classify-message";
import { LANGUAGES } from "../lib/classification/detect-language";

interface Labelled {
  text: string;
  intent: IntentName;
  language: LanguageCode;
  set: "tuning" | "holdout";
}

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "../tests/fixtures/classifier");
const items: Labelled[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => {
    const [language, kind] = path.basename(f, ".json").split(".") as [LanguageCode, string | undefined];
    const set = kind === "holdout" ? ("holdout" as const) : ("tuning" as const);
    return (JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Pick<Labelled, "text" | "intent">[]).map((m) => ({ ...m, language, set }));
  });

const lines: string[] = [];
const out = (s = "") => lines.push(s);
const verbose = process.argv.includes("--misses");
out(`All sets together: ${items.length} labelled messages.`);
report("Tuning set (the rules were written and adjusted against it: optimistic)", items.filter((i) => i.set === "tuning"));
report("Held-out set (written before any tuning on it and never tuned on: the honest figure)", items.filter((i) => i.set === "holdout"));

function report(title: string, subset: Labelled[]) {
out();
out(`### ${title}`);
out();
const results = subset.map((item) => {
  // No fallback hint: the language must come from the text itself.
  const c = classifyMessage({ text: item.text, fallbackLanguage: "en" });
  return { item, predicted: c.intent, language: c.language, confidence: c.confidence };
});


const correct = results.filter((r) => r.predicted === r.item.intent).length;
const langCorrect = results.filter((r) => r.language === r.item.language).length;
out(`Labelled messages: ${results.length} (${LANGUAGES.map((l) => `${l} ${results.filter((r) => r.item.language === l).length}`).join(", ")})`);
out(`Intent accuracy: ${pct(correct, results.length)} (${correct}/${results.length})`);
out(`Language accuracy: ${pct(langCorrect, results.length)} (${langCorrect}/${results.length})`);
const confident = results.filter((r) => r.confidence >= 0.7);
const confidentCorrect = confident.filter((r) => r.predicted === r.item.intent).length;
out(`At the default threshold 0.70: ${confident.length} messages reach it, ${pct(confidentCorrect, confident.length)} of them with the right intent`);
out();
out("| intent | messages | correct (recall) | predicted | precision |");
out("| --- | ---: | ---: | ---: | ---: |");
for (const intent of INTENTS) {
  const actual = results.filter((r) => r.item.intent === intent);
  const predicted = results.filter((r) => r.predicted === intent);
  const hits = actual.filter((r) => r.predicted === intent).length;
  out(`| ${intent} | ${actual.length} | ${pct(hits, actual.length)} | ${predicted.length} | ${pct(hits, predicted.length)} |`);
}
out();
out("| language | messages | intent accuracy | language detected |");
out("| --- | ---: | ---: | ---: |");
for (const language of LANGUAGES) {
  const rows = results.filter((r) => r.item.language === language);
  out(`| ${language} | ${rows.length} | ${pct(rows.filter((r) => r.predicted === r.item.intent).length, rows.length)} | ${pct(rows.filter((r) => r.language === language).length, rows.length)} |`);
}
out();
const short: Record<IntentName, string> = {
  booking_request: "book",
  availability_question: "avail",
  price_question: "price",
  reschedule: "resch",
  cancellation: "cancel",
  complaint: "compl",
  general_question: "general",
  greeting_thanks: "greet",
  other: "other",
};
out("Confusion (rows: labelled, columns: predicted)");
out();
out(`| labelled \\ predicted | ${INTENTS.map((i) => short[i]).join(" | ")} |`);
out(`| --- | ${INTENTS.map(() => "---:").join(" | ")} |`);
for (const actual of INTENTS) {
  const cells = INTENTS.map((p) => results.filter((r) => r.item.intent === actual && r.predicted === p).length);
  out(`| ${actual} | ${cells.map((n) => (n === 0 ? "·" : String(n))).join(" | ")} |`);
}

if (verbose) {
  out();
  out("Misses:");
  for (const r of results.filter((r) => r.predicted !== r.item.intent || r.language !== r.item.language)) {
    out(`  [${r.item.language}→${r.language}] ${r.item.intent} → ${r.predicted} (${r.confidence}): ${r.item.text}`);
  }
}
}

function pct(n: number, d: number): string {
  return d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`;
}

console.log(lines.join("\n"));
const mdIndex = process.argv.indexOf("--markdown");
if (mdIndex > 0 && process.argv[mdIndex + 1]) {
  const body = lines.filter((l) => !l.startsWith("  [") && l !== "Misses:").join("\n");
  writeFileSync(process.argv[mdIndex + 1]!, `## Classifier evaluation (\`npm run eval:classifier\`)\n\n${body}\n`);
}
