/**
 * `npm run eval:classifier`: runs the deterministic classifier over the labelled messages in
 * tests/fixtures/classifier/ and prints, per set, accuracy per intent and per language, language
 * detection accuracy, coverage and accuracy at the default threshold 0.70, what the draft policy would
 * decide, and a confusion table. Three sets:
 * - <language>.json: the tuning set (the keyword rules were written against it);
 * - <language>.holdout.json: the first held-out set; it has since been tuned on, so it is no longer independent;
 * - <language>.holdout2.json: written before the second round of tuning and never tuned on (the honest figure).
 * `-- --markdown <file>` also writes the figures as Markdown; `-- --misses` lists the misses of the sets
 * one may tune on (never those of held-out 2: looking at them would spend the honest figure).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IntentName, LanguageCode } from "../db/schema";
import { classifyMessage, INTENTS } from "../lib/classification/classify-message";
import { LANGUAGES } from "../lib/classification/detect-language";
import { decideDraft } from "../lib/draft-policy/decide-draft";
import { DEFAULT_DRAFT_SETTINGS } from "../lib/draft-policy/draft-policy-rules";

interface Labelled {
  text: string;
  intent: IntentName;
  language: LanguageCode;
  set: "tuning" | "holdout" | "holdout2";
}

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "../tests/fixtures/classifier");
const items: Labelled[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => {
    const [language, kind] = path.basename(f, ".json").split(".") as [LanguageCode, string | undefined];
    const set = kind === "holdout2" ? ("holdout2" as const) : kind === "holdout" ? ("holdout" as const) : ("tuning" as const);
    return (JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Pick<Labelled, "text" | "intent">[]).map((m) => ({ ...m, language, set }));
  });

const lines: string[] = [];
const setCounts = { tuning: 0, holdout: 0, holdout2: 0 };
for (const i of items) setCounts[i.set] += 1;
const out = (s = "") => lines.push(s);
const verbose = process.argv.includes("--misses");
out(`All sets together: ${items.length} labelled messages (tuning ${setCounts.tuning}, held-out 1 ${setCounts.holdout}, held-out 2 ${setCounts.holdout2}).`);
report("Tuning set (the rules were written and adjusted against it: optimistic)", items.filter((i) => i.set === "tuning"), verbose);
report(
  "Held-out 1 (was held out for the first rule set; the second round of tuning looked at its misses: no longer independent)",
  items.filter((i) => i.set === "holdout"),
  verbose,
);
report("Held-out 2: never tuned on (written before the second round of tuning; the honest figure)", items.filter((i) => i.set === "holdout2"), false);

function report(title: string, subset: Labelled[], listMisses: boolean) {
out();
out(`### ${title}`);
out();
const results = subset.map((item) => {
  // No fallback hint: the language must come from the text itself.
  const c = classifyMessage({ text: item.text, fallbackLanguage: "en" });
  // What the policy would do with it: default settings, window open, rules only.
  const decision = decideDraft({
    settings: DEFAULT_DRAFT_SETTINGS,
    messageType: "text",
    windowOpen: true,
    classification: { intent: c.intent, confidence: c.confidence, flags: c.evidence.flags, source: "rules", corroborated: true },
  }).decision;
  return { item, predicted: c.intent, language: c.language, confidence: c.confidence, decision };
});


const correct = results.filter((r) => r.predicted === r.item.intent).length;
const langCorrect = results.filter((r) => r.language === r.item.language).length;
out(`Labelled messages: ${results.length} (${LANGUAGES.map((l) => `${l} ${results.filter((r) => r.item.language === l).length}`).join(", ")})`);
out(`Intent accuracy: ${pct(correct, results.length)} (${correct}/${results.length})`);
out(`Language accuracy: ${pct(langCorrect, results.length)} (${langCorrect}/${results.length})`);
const confident = results.filter((r) => r.confidence >= 0.7);
const confidentCorrect = confident.filter((r) => r.predicted === r.item.intent).length;
out(`At the default threshold 0.70: ${confident.length} messages reach it (coverage ${pct(confident.length, results.length)}), ${pct(confidentCorrect, confident.length)} of them with the right intent`);
const sensitive = results.filter((r) => r.item.intent === "complaint" || r.item.intent === "cancellation");
const sensitiveHandoff = sensitive.filter((r) => r.decision === "handoff").length;
const sensitiveDraft = sensitive.filter((r) => r.decision === "draft");
out(
  `Complaints and cancellations: ${sensitive.length}; handed to a human ${sensitiveHandoff} (${pct(sensitiveHandoff, sensitive.length)}), ` +
    `given a draft ${sensitiveDraft.length} (${pct(sensitiveDraft.length, sensitive.length)})${sensitiveDraft.length ? ` as ${sensitiveDraft.map((r) => r.predicted).join(", ")}` : ""}`,
);
const drafts = results.filter((r) => r.decision === "draft");
const draftsRight = drafts.filter((r) => r.predicted === r.item.intent).length;
out(`Draft decisions: ${drafts.length} (${pct(drafts.length, results.length)} of messages), ${pct(draftsRight, drafts.length)} of them with the right intent`);
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

if (listMisses) {
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
