/**
 * The drafting targets, through the real drafting decision: no complaint or cancellation gets a draft; at
 * least 95% of the drafts have the right intent; at least 50% of the non-sensitive messages (spam counted)
 * get a draft; spam, pitches and wrong numbers ("other") get none.
 *
 * Held-out 4 is the never-tuned set: its messages are never read and its misses never listed, so a missed
 * target there is recorded, not fixed. Its block is skipped until its files exist; after the first
 * measurement, set each unmet target to false in HOLDOUT4_MET (it then runs as `it.fails`, which turns red
 * the day the target is reached).
 * Held-out 2 and 3 were looked at and are tuned on now: their block is a regression guard on tuning data
 * (met targets asserted, unmet ones `it.fails`, plus a floor at today's values).
 */
import { describe, expect, it } from "vitest";
import { evaluateLabelled, type LabelledSet, loadSet, summarize } from "../helpers/classifier-eval";

type Target = "noSensitiveDrafted" | "precision95" | "coverage50" | "noSpamDrafted";
type Summary = ReturnType<typeof summarize>;
const ALL_MET: Record<Target, boolean> = {
  noSensitiveDrafted: true,
  precision95: true,
  coverage50: true,
  noSpamDrafted: true,
};

// First and only measurement (2026-12-01), after the rules and the learned model were fixed: 1 of 85 sensitive
// drafted, precision 95.2% (146 drafts), coverage 60.4%, 3 "other" drafted.
const HOLDOUT4_MET: Record<Target, boolean> = { ...ALL_MET, noSensitiveDrafted: false, noSpamDrafted: false };
const HOLDOUT4_FLOOR = { sensitiveDrafted: 1, otherDrafted: 3, precision: 0.95, coverage: 0.6 };

// Training figures since the learned model and this round of rules were fitted to these sets (see the CV
// figures of scripts/classifier-cv.ts for an estimate that is not).
const TUNED_MET: Record<"holdout2" | "holdout3", Record<Target, boolean>> = {
  // held-out 2: 0 of 20 sensitive drafted, precision 100%, coverage 65.6%, 0 "other" drafted.
  holdout2: ALL_MET,
  // held-out 3: 0 of 75 sensitive drafted, precision 99.4%, coverage 67.1%, 0 "other" drafted.
  holdout3: ALL_MET,
};
const FLOOR = {
  holdout2: { sensitiveDrafted: 0, precision: 0.98, coverage: 0.64 },
  holdout3: { sensitiveDrafted: 0, precision: 0.98, coverage: 0.65 },
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

const holdout4 = loadSet("holdout4" satisfies LabelledSet);
describe.skipIf(holdout4.length === 0)("never-tuned set holdout4", () => {
  const results = evaluateLabelled(holdout4);
  const s = summarize(results);
  targets(HOLDOUT4_MET, results, s);

  it("does not fall below its first measurement (regression guard)", () => {
    expect(s.sensitiveDrafted).toBeLessThanOrEqual(HOLDOUT4_FLOOR.sensitiveDrafted);
    expect(s.otherDrafted).toBeLessThanOrEqual(HOLDOUT4_FLOOR.otherDrafted);
    expect(s.draftsRight / s.drafts).toBeGreaterThanOrEqual(HOLDOUT4_FLOOR.precision);
    expect(s.nonSensitiveDrafted / s.nonSensitive).toBeGreaterThanOrEqual(HOLDOUT4_FLOOR.coverage);
  });
});

describe.each(["holdout2", "holdout3"] as const)("tuned-on set %s", (kind) => {
  const results = evaluateLabelled(loadSet(kind));
  const s = summarize(results);
  targets(TUNED_MET[kind], results, s);

  it("does not fall below what is reached today (regression guard)", () => {
    expect(s.sensitiveDrafted).toBeLessThanOrEqual(FLOOR[kind].sensitiveDrafted);
    expect(s.draftsRight / s.drafts).toBeGreaterThanOrEqual(FLOOR[kind].precision);
    expect(s.nonSensitiveDrafted / s.nonSensitive).toBeGreaterThanOrEqual(FLOOR[kind].coverage);
  });
});
