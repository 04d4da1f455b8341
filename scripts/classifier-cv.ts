/**
 * `npx tsx --conditions=react-server scripts/classifier-cv.ts`: cross-validation of the learned intent model
 * and of the whole drafting decision with it, on the tuned-on sets only (the never-tuned held-out 9 is never loaded).
 * - k-fold (5, round-robin over the messages in file order): the model is trained on 4 folds and the drafting
 *   decision runs on the fifth with that model; the figures add up over the 5 folds.
 * - leave one set out: trained on every tuned-on set but one held-out set (2 to 8), evaluated on it.
 * The keyword rules were written against these same messages, so the rules' share of every figure here is a
 * training figure: only the model's share is cross-validated. `-- --sweep` also tries other learned policies;
 * `-- --sweep --sweep-held=holdout6` sweeps only that left-out set (no k-fold), which is quicker.
 */
import { LEARNED_POLICY, type LearnedPolicy } from "../lib/classification/classify-message";
import { INTENTS } from "../lib/vocabulary";
import { type IntentModel, predictIntent, trainIntentModel } from "../lib/classification/intent-model";
import { evaluateLabelled, type Labelled, loadSets, summarize, TUNED_SETS } from "../tests/helpers/classifier-eval";

const K = 5;
const items = loadSets(TUNED_SETS);
const folds: { model: IntentModel; test: Labelled[] }[] = [];
for (let f = 0; f < K; f++) {
  folds.push({
    model: trainIntentModel(
      items.filter((_, i) => i % K !== f),
      INTENTS,
    ),
    test: items.filter((_, i) => i % K === f),
  });
}
// Every held-out set tuned on so far (held-out 1 is too small to say much).
const HELD = TUNED_SETS.filter((s) => s !== "tuning" && s !== "holdout1");
const setOut = HELD.map((held) => ({
  held,
  model: trainIntentModel(
    items.filter((i) => i.set !== held),
    INTENTS,
  ),
  test: items.filter((i) => i.set === held),
}));

const modelRight = folds.reduce(
  (n, { model, test }) => n + test.filter((t) => predictIntent(model, t.text).intent === t.intent).length,
  0,
);
console.log(
  `Tuned-on messages: ${items.length}. Learned model alone, ${K}-fold CV intent accuracy: ${pct(modelRight, items.length)}.`,
);
for (const { held, model, test } of setOut) {
  const right = test.filter((t) => predictIntent(model, t.text).intent === t.intent).length;
  console.log(`Learned model alone, trained without ${held}, on ${held}: ${pct(right, test.length)}.`);
}

function line(label: string, results: ReturnType<typeof evaluateLabelled>) {
  const s = summarize(results);
  return `${label.padEnd(34)} accuracy ${pct(s.correct, s.messages)}, sensitive drafted ${s.sensitiveDrafted}/${s.sensitive}, drafts ${s.drafts}, precision ${pct(s.draftsRight, s.drafts)}, coverage ${pct(s.nonSensitiveDrafted, s.nonSensitive)} (draftable ${pct(s.draftableDrafted, s.draftable)}), other drafted ${s.otherDrafted}`;
}
function cv(policy: LearnedPolicy) {
  return folds.flatMap(({ model, test }) => evaluateLabelled(test, { intentModel: model, learnedPolicy: policy }));
}

console.log();
console.log(line("rules alone (training figures)", evaluateLabelled(items, { intentModel: null })));
console.log(line(`rules + model, ${K}-fold CV`, cv(LEARNED_POLICY)));
for (const { held, model, test } of setOut) {
  console.log(line(`rules alone on ${held}`, evaluateLabelled(test, { intentModel: null })));
  console.log(
    line(
      `rules + model without ${held}`,
      evaluateLabelled(test, { intentModel: model, learnedPolicy: LEARNED_POLICY }),
    ),
  );
}

if (process.argv.includes("--sweep")) {
  const only = process.argv.find((a) => a.startsWith("--sweep-held="))?.split("=")[1];
  const chosen = only ? setOut.filter((s) => s.held === only) : setOut;
  console.log();
  console.log(
    `policy [sensitiveAt, agreeAt, fillAt, disagreeAt, disagreeMargin]: sensitive drafted, precision, coverage, other drafted`,
  );
  for (const sensitiveAt of [0.2, 0.25, 0.3])
    for (const disagreeMargin of [0, 0.1, 0.2, 0.3])
      for (const fillAt of [0.5])
        for (const disagreeAt of [0.35, 0.4, 0.5]) {
          const policy = { sensitiveAt, agreeAt: 0.5, fillAt, disagreeAt, disagreeMargin };
          const parts = [
            ...(only ? [] : [cv(policy)]),
            ...chosen.map(({ model, test }) => evaluateLabelled(test, { intentModel: model, learnedPolicy: policy })),
          ].map((r) => {
            const s = summarize(r);
            return `${s.sensitiveDrafted} ${pct(s.draftsRight, s.drafts)} ${pct(s.nonSensitiveDrafted, s.nonSensitive)} ${s.otherDrafted}`;
          });
          const labels = [...(only ? [] : ["CV"]), ...chosen.map((c) => `without ${c.held}`)];
          console.log(
            `${JSON.stringify(Object.values(policy)).padEnd(24)} ${labels.map((l, i) => `${l} ${parts[i]}`).join(" | ")}`,
          );
        }
}

function pct(n: number, d: number): string {
  return d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`;
}
