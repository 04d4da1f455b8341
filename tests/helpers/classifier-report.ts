/**
 * The figures `npm run eval:classifier` prints (scripts/eval-classifier.ts), as lines of Markdown: one line per set,
 * then each set's tables by language and by intent (and, with `verbose`, the misses of the tuned-on sets, never of
 * the never-tuned set). CLASSIFIER_FIGURES.md holds them without the misses; a unit test keeps it current.
 */
import { INTENTS, LANGUAGES } from "@/lib/vocabulary";
import { DEFAULT_DRAFT_SETTINGS } from "@/lib/draft-policy/draft-policy-rules";
import {
  evaluateLabelled,
  type Labelled,
  type LabelledSet,
  loadSets,
  NEVER_TUNED_SET,
  summarize,
  TUNED_SETS,
} from "./classifier-eval";

export function classifierReport({ tuningOnly = false, verbose = false } = {}): string[] {
  const items: Labelled[] = loadSets(tuningOnly ? TUNED_SETS : [...TUNED_SETS, NEVER_TUNED_SET]);
  const lines: string[] = [];
  const out = (s = "") => lines.push(s);
  const count = (set: LabelledSet) => items.filter((i) => i.set === set).length;
  const tuned = items.filter((i) => i.set !== NEVER_TUNED_SET);
  out(
    `Tuned-on sets: ${tuned.length} labelled messages (tuning ${count("tuning")}, held-out 1 ${count("holdout1")}, held-out 2 ${count("holdout2")}, held-out 3 ${count("holdout3")}, held-out 4 ${count("holdout4")}, held-out 5 ${count("holdout5")}, held-out 6 ${count("holdout6")}, held-out 7 ${count("holdout7")}, held-out 8 ${count("holdout8")}). ` +
      (tuningOnly
        ? "Held-out 9 not loaded (--tuning-only). "
        : count(NEVER_TUNED_SET) > 0
          ? `Held-out 9 (never tuned on): ${count(NEVER_TUNED_SET)}. `
          : "Held-out 9: no files yet. ") +
      `Default settings: drafts on, threshold ${DEFAULT_DRAFT_SETTINGS.draftThreshold.toFixed(2)}, window open, no model.`,
  );
  const sets: [LabelledSet | "tuned", string, boolean][] = [
    ["tuning", "Tuning set (tuned on)", true],
    ["holdout1", "Held-out 1 (tuned on)", true],
    ["holdout2", "Held-out 2 (tuned on since held-out 4 was written)", true],
    ["holdout3", "Held-out 3 (tuned on since held-out 4 was written)", true],
    ["holdout4", "Held-out 4 (tuned on since held-out 5 was written)", true],
    ["holdout5", "Held-out 5 (tuned on since held-out 6 was written)", true],
    ["holdout6", "Held-out 6 (tuned on since held-out 7 was written)", true],
    ["holdout7", "Held-out 7 (tuned on since held-out 8 was written)", true],
    ["holdout8", "Held-out 8 (tuned on since held-out 9 was written)", true],
    ["tuned", "All tuned-on sets together (training figures: optimistic)", false],
    [NEVER_TUNED_SET, "Held-out 9: never tuned on", false],
  ];
  const overview: string[] = [
    "",
    "| set | messages | intent accuracy | complaints and cancellations drafted | drafts | draft precision | coverage | spam drafted |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  // Each message is classified once (the "all tuned-on sets" table reuses the sets' results): the whole report
  // is synchronous, and on a slow machine twice the work held a test worker's event loop past vitest's 60 s RPC timeout.
  const evaluated = new Map(evaluateLabelled(items).map((r) => [r.item, r]));
  for (const [set, title, listMisses] of sets) {
    const subset = set === "tuned" ? tuned : items.filter((i) => i.set === set);
    if (subset.length === 0) continue;
    const s = report(title, subset, verbose && listMisses && set !== NEVER_TUNED_SET);
    overview.push(
      `| ${title} | ${s.messages} | ${pct(s.correct, s.messages)} | ${s.sensitiveDrafted} of ${s.sensitive} | ${s.drafts} | ` +
        `${pct(s.draftsRight, s.drafts)} | ${pct(s.nonSensitiveDrafted, s.nonSensitive)} | ${s.otherDrafted} of ${s.other} |`,
    );
  }
  // One line per set first, then each set's tables by language and by intent.
  lines.splice(1, 0, ...overview);

  return lines;

  function report(title: string, subset: Labelled[], listMisses: boolean) {
    out();
    out(`### ${title}`);
    out();
    const results = subset.map((item) => evaluated.get(item)!);
    const all = summarize(results);
    out(
      `Messages: ${all.messages}. Intent accuracy ${pct(all.correct, all.messages)}. Complaints and cancellations: ${all.sensitive}, given a draft: ${all.sensitiveDrafted}. ` +
        `Drafts: ${all.drafts}, precision ${pct(all.draftsRight, all.drafts)}. Coverage (non-sensitive messages drafted): ${pct(all.nonSensitiveDrafted, all.nonSensitive)} ` +
        `(of the draftable ones, spam left out: ${pct(all.draftableDrafted, all.draftable)}). Spam, pitches and wrong numbers ("other") drafted: ${all.otherDrafted}.`,
    );
    out();
    out(
      "| language | messages | intent accuracy | sensitive | sensitive drafted | drafts | draft precision | coverage | coverage of draftable | other drafted |",
    );
    out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const language of [...LANGUAGES, "all"] as const) {
      const s = language === "all" ? all : summarize(results.filter((r) => r.item.language === language));
      out(
        `| ${language} | ${s.messages} | ${pct(s.correct, s.messages)} | ${s.sensitive} | ${s.sensitiveDrafted} | ${s.drafts} | ${pct(s.draftsRight, s.drafts)} | ` +
          `${pct(s.nonSensitiveDrafted, s.nonSensitive)} | ${pct(s.draftableDrafted, s.draftable)} | ${s.otherDrafted} |`,
      );
    }
    out();
    out("| intent | messages | recall | predicted | precision | drafted |");
    out("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const intent of INTENTS) {
      const actual = results.filter((r) => r.item.intent === intent);
      const predicted = results.filter((r) => r.predicted === intent);
      const hits = actual.filter((r) => r.predicted === intent).length;
      out(
        `| ${intent} | ${actual.length} | ${pct(hits, actual.length)} | ${predicted.length} | ${pct(hits, predicted.length)} | ${actual.filter((r) => r.decision === "draft").length} |`,
      );
    }
    if (listMisses) {
      out();
      out("Misses:");
      for (const r of results.filter(
        (r) => r.predicted !== r.item.intent || (r.decision === "draft") !== r.shouldDraft,
      )) {
        out(
          `  [${r.item.set} ${r.item.language}] ${r.item.intent} → ${r.predicted} ${r.confidence} ${r.decision}: ${r.item.text}`,
        );
      }
    }
    return { ...all, other: subset.filter((m) => m.intent === "other").length };
  }

  function pct(n: number, d: number): string {
    return d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`;
  }
}

/** The Markdown of CLASSIFIER_FIGURES.md: every set's figures, no misses. */
export function classifierFiguresMarkdown(): string {
  return `${classifierReport().join("\n")}\n`;
}
