/**
 * The drafting targets, through the real drafting decision: no complaint or cancellation gets a draft; at
 * least 95% of the drafts have the right intent; at least 50% of the non-sensitive messages (spam counted)
 * get a draft; spam, pitches and wrong numbers ("other") get none.
 *
 * Held-out 9 is the never-tuned set: its messages are never read and its misses never listed, so a missed
 * target there is recorded, not fixed. Its block is skipped until its files exist; after the first
 * measurement, set each unmet target to false in NEVER_TUNED_MET (it then runs as `it.fails`, which turns red
 * the day the target is reached) and add a floor at what was measured.
 * The tuning set and held-out 1–8 were looked at and are tuned on now: their block is a regression guard on
 * tuning data (met targets asserted, unmet ones `it.fails`, plus a floor at today's values).
 */
import { describe, expect, it } from "vitest";
import { evaluateLabelled, loadSet, NEVER_TUNED_SET, summarize, TUNED_SETS } from "../helpers/classifier-eval";

type Target = "noSensitiveDrafted" | "precision95" | "coverage50" | "noSpamDrafted";
type Summary = ReturnType<typeof summarize>;
const ALL_MET: Record<Target, boolean> = {
  noSensitiveDrafted: true,
  precision95: true,
  coverage50: true,
  noSpamDrafted: true,
};

// First and only measurement of held-out 9 (2026-12-01 04:44), after this round's cues were fixed: 0 of 95
// sensitive drafted, precision 96.6% (141 of 146 drafts), coverage 55.1%, 0 of 45 "other" drafted: every target met.
// (Without its 10 exact repeats of older "ok"-like messages: 0 of 95, 96.4%, 54.9%, 0 of 45.)
const NEVER_TUNED_MET: Record<Target, boolean> = ALL_MET;
const NEVER_TUNED_FLOOR = { sensitiveDrafted: 0, otherDrafted: 0, precision: 0.965, coverage: 0.55 };

// Training figures since the learned model and the rules were fitted to these sets (see the CV figures of
// scripts/classifier-cv.ts for an estimate that is not). Held-out 4 was measured once before it was tuned on:
// 1 of 85 sensitive drafted, precision 95.2%, coverage 60.4%, 3 "other" drafted; tuned on since: 0 of 85,
// precision 99.4%, coverage 69.6%, 0 "other" drafted. Held-out 5, measured once before it was tuned on: 3 of 95
// sensitive drafted, precision 92.5% (146 drafts), coverage 56.1%, 1 of 35 "other" drafted. Held-out 6, measured
// once before it was tuned on: 3 of 95 sensitive drafted, precision 92.1% (140 drafts), coverage 51.7%, 4 of 45
// "other" drafted. Held-out 7, measured once before it was tuned on: 0 of 95 sensitive drafted, precision 93.8%
// (130 drafts), coverage 49.1%, 5 of 45 "other" drafted. Held-out 8, measured once before it was tuned on: 0 of 95
// sensitive drafted, precision 94.96% (132 of 139 drafts), coverage 52.5%, 3 of 45 "other" drafted.
const TUNED = TUNED_SETS;
const TUNED_MET: Record<(typeof TUNED)[number], Record<Target, boolean>> = {
  tuning: ALL_MET,
  holdout1: ALL_MET,
  holdout2: ALL_MET,
  holdout3: ALL_MET,
  holdout4: ALL_MET,
  holdout5: ALL_MET,
  holdout6: ALL_MET,
  holdout7: ALL_MET,
  holdout8: ALL_MET,
};
const FLOOR: Record<(typeof TUNED)[number], { precision: number; coverage: number }> = {
  tuning: { precision: 0.99, coverage: 0.84 },
  holdout1: { precision: 0.99, coverage: 0.89 },
  holdout2: { precision: 0.98, coverage: 0.64 },
  holdout3: { precision: 0.98, coverage: 0.65 },
  holdout4: { precision: 0.99, coverage: 0.69 },
  holdout5: { precision: 0.99, coverage: 0.64 },
  holdout6: { precision: 0.99, coverage: 0.67 },
  holdout7: { precision: 0.99, coverage: 0.55 },
  holdout8: { precision: 0.99, coverage: 0.59 },
};

function targets(met: Record<Target, boolean>, results: ReturnType<typeof evaluateLabelled>, s: Summary) {
  const test = (target: Target) => (met[target] ? it : it.fails);
  test("noSensitiveDrafted")("target: gives no complaint or cancellation a draft", () => {
    expect(results.filter((r) => r.sensitive && r.decision === "draft").length).toBe(0);
  });
  test("precision95")("target: at least 95% of its drafts have the right intent", () => {
    expect(s.draftsRight / s.drafts).toBeGreaterThanOrEqual(0.95);
  });
  test("coverage50")("target: drafts at least 50% of the non-sensitive messages", () => {
    expect(s.nonSensitiveDrafted / s.nonSensitive).toBeGreaterThanOrEqual(0.5);
  });
  test("noSpamDrafted")("target: gives spam, sales pitches and wrong numbers no draft", () => {
    expect(s.otherDrafted).toBe(0);
  });
}

const neverTuned = loadSet(NEVER_TUNED_SET);
describe.skipIf(neverTuned.length === 0)(`never-tuned set ${NEVER_TUNED_SET}`, () => {
  const results = evaluateLabelled(neverTuned);
  const s = summarize(results);
  targets(NEVER_TUNED_MET, results, s);

  it("does not fall below its one measurement (regression guard)", () => {
    expect(s.sensitiveDrafted).toBeLessThanOrEqual(NEVER_TUNED_FLOOR.sensitiveDrafted);
    expect(s.otherDrafted).toBeLessThanOrEqual(NEVER_TUNED_FLOOR.otherDrafted);
    expect(s.draftsRight / s.drafts).toBeGreaterThanOrEqual(NEVER_TUNED_FLOOR.precision);
    expect(s.nonSensitiveDrafted / s.nonSensitive).toBeGreaterThanOrEqual(NEVER_TUNED_FLOOR.coverage);
  });
});

describe.each(TUNED)("tuned-on set %s", (kind) => {
  const results = evaluateLabelled(loadSet(kind));
  const s = summarize(results);
  targets(TUNED_MET[kind], results, s);

  it("does not fall below what is reached today (regression guard)", () => {
    expect(s.draftsRight / s.drafts).toBeGreaterThanOrEqual(FLOOR[kind].precision);
    expect(s.nonSensitiveDrafted / s.nonSensitive).toBeGreaterThanOrEqual(FLOOR[kind].coverage);
  });
});
