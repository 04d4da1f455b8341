/**
 * The targets on the never-tuned sets (held-out 2 and held-out 3), through the real drafting decision:
 * no complaint or cancellation gets a draft; at least 95% of the drafts have the right intent; at least 50%
 * of the non-sensitive messages get a draft; spam, pitches and wrong numbers ("other") get none.
 *
 * These sets are never tuned on, so a missed target is recorded here, not fixed by reading their misses:
 * a target marked NOT MET runs as `it.fails` (it asserts the target and expects that assertion to fail), so
 * the day the classifier reaches it this test fails and must be switched to a plain `it`. Measured values
 * are in the README ("Classifier evaluation"). A second block guards against regressions below what is
 * reached today.
 */
import { describe, expect, it } from "vitest";
import { evaluateLabelled, loadSet, summarize } from "../helpers/classifier-eval";

type Target = "noSensitiveDrafted" | "precision95" | "coverage50" | "noSpamDrafted";
const MET: Record<"holdout2" | "holdout3", Record<Target, boolean>> = {
  // held-out 2: 0 of 20 sensitive drafted, precision 97.6%, coverage 45.6% (NOT MET), 0 "other" drafted.
  holdout2: { noSensitiveDrafted: true, precision95: true, coverage50: false, noSpamDrafted: true },
  // held-out 3: 2 of 75 sensitive drafted (NOT MET), precision 95.5%, coverage 47.6% (NOT MET), 0 "other" drafted.
  holdout3: { noSensitiveDrafted: false, precision95: true, coverage50: false, noSpamDrafted: true },
};
const FLOOR = {
  holdout2: { sensitiveDrafted: 0, precision: 0.95, coverage: 0.45 },
  holdout3: { sensitiveDrafted: 2, precision: 0.95, coverage: 0.47 },
};

describe.each(["holdout2", "holdout3"] as const)("never-tuned set %s", (kind) => {
  const results = evaluateLabelled(loadSet(kind));
  const s = summarize(results);
  const test = (target: Target) => (MET[kind][target] ? it : it.fails);

  test("noSensitiveDrafted")("target: gives no complaint or cancellation a draft", () => {
    expect(results.filter((r) => r.sensitive && r.decision === "draft").map((r) => r.item.text)).toEqual([]);
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

  it("does not fall below what is reached today (regression guard)", () => {
    expect(s.sensitiveDrafted).toBeLessThanOrEqual(FLOOR[kind].sensitiveDrafted);
    expect(s.draftsRight / s.drafts).toBeGreaterThanOrEqual(FLOOR[kind].precision);
    expect(s.nonSensitiveDrafted / s.nonSensitive).toBeGreaterThanOrEqual(FLOOR[kind].coverage);
  });
});
