/**
 * `npm run eval:classifier`: runs the drafting decision (planTurnDraft → completeTurnDraft, rules only, default
 * settings, window open) over the labelled messages in tests/fixtures/classifier/ and prints, per set and per
 * language: intent accuracy, complaints and cancellations that got a draft (target 0), draft precision (drafts
 * with the right intent), coverage (share of the non-sensitive messages that got a draft, spam included in the
 * denominator; the share of the draftable ones, spam left out, is printed beside it), and spam / wrong numbers
 * that got a draft. Sets:
 * - tuned on (each was read and the rules adjusted to it): <language>.json and .dev.json (the tuning set),
 *   .holdout.json (held-out 1), .holdout2.json (held-out 2), .holdout3.json (held-out 3), .holdout4.json (held-out 4),
 *   .holdout5.json (held-out 5), .holdout6.json (held-out 6), .holdout7.json (held-out 7),
 *   .holdout8.json (held-out 8);
 * - never tuned on: .holdout9.json (held-out 9), printed only when its files exist, and only as figures.
 * `-- --tuning-only` prints only the tuned-on sets and never loads held-out 9 (use it while changing rules);
 * `-- --misses` lists the misses of the tuned-on sets (never of held-out 9);
 * `-- --markdown <file>` also writes the figures as Markdown.
 */
import { writeFileSync } from "node:fs";
import { classifierReport } from "../tests/helpers/classifier-report";

const lines = classifierReport({
  tuningOnly: process.argv.includes("--tuning-only"),
  verbose: process.argv.includes("--misses"),
});
console.log(lines.join("\n"));
const mdIndex = process.argv.indexOf("--markdown");
if (mdIndex > 0 && process.argv[mdIndex + 1]) {
  const body = lines.filter((l) => !l.startsWith("  [") && l !== "Misses:").join("\n");
  writeFileSync(process.argv[mdIndex + 1]!, `${body}\n`);
}
