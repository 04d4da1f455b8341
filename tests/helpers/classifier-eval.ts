/**
 * The evaluation of the labelled classifier sets, shared by `npm run eval:classifier` and the unit tests
 * that hold the targets: each message goes through the real drafting decision (planTurnDraft →
 * completeTurnDraft) with default settings, the window open, no model, and the demo ski instructor's
 * profile (db/demo-profiles.ts): a general question gets a draft only when a profile answers it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { LANGUAGES, type IntentName, type LanguageCode } from "@/lib/vocabulary";
import { GIULIA_PROFILE } from "@/db/demo-profiles";
import { DEFAULT_DRAFT_SETTINGS } from "@/lib/draft-policy/draft-policy-rules";
import { completeTurnDraft, planTurnDraft } from "@/lib/drafting/plan-turn-draft";

export type LabelledSet = "tuning" | "holdout1" | "holdout2" | "holdout3";
export interface Labelled {
  text: string;
  intent: IntentName;
  language: LanguageCode;
  set: LabelledSet;
}

export const SENSITIVE_INTENTS: IntentName[] = ["cancellation", "complaint"];

export function loadSet(kind: "holdout2" | "holdout3"): Labelled[] {
  const dir = path.join(__dirname, "../fixtures/classifier");
  return LANGUAGES.flatMap((language) =>
    (JSON.parse(readFileSync(path.join(dir, `${language}.${kind}.json`), "utf8")) as Pick<Labelled, "text" | "intent">[]).map((m) => ({ ...m, language, set: kind })),
  );
}

export function evaluateLabelled(items: Labelled[]) {
  return items.map((item) => {
    const plan = planTurnDraft({
      turn: [{ direction: "inbound", type: "text", text: item.text, sentAt: new Date("2026-12-02T08:00:00Z") }],
      history: [],
      instructor: { name: "Demo", defaultRegion: "IT", ...DEFAULT_DRAFT_SETTINGS, priceText: null, replyTemplates: null, profile: GIULIA_PROFILE },
      customer: { name: null, notes: null },
      windowOpen: true,
      modelAvailable: false,
    });
    const outcome = completeTurnDraft(plan, null);
    const predicted = outcome.classification?.intent ?? "other";
    const sensitive = SENSITIVE_INTENTS.includes(item.intent);
    return {
      item,
      predicted,
      confidence: outcome.classification?.confidence ?? 0,
      decision: outcome.decision.decision,
      sensitive,
      shouldDraft: !sensitive && item.intent !== "other",
    };
  });
}

export function summarize(results: ReturnType<typeof evaluateLabelled>) {
  const drafted = results.filter((r) => r.decision === "draft");
  const nonSensitive = results.filter((r) => !r.sensitive);
  return {
    messages: results.length,
    correct: results.filter((r) => r.predicted === r.item.intent).length,
    sensitive: results.filter((r) => r.sensitive).length,
    sensitiveDrafted: drafted.filter((r) => r.sensitive).length,
    drafts: drafted.length,
    draftsRight: drafted.filter((r) => r.predicted === r.item.intent).length,
    nonSensitive: nonSensitive.length,
    nonSensitiveDrafted: drafted.filter((r) => !r.sensitive).length,
    otherDrafted: drafted.filter((r) => r.item.intent === "other").length,
  };
}
