/**
 * The evaluation of the labelled classifier sets, shared by `npm run eval:classifier` and the unit tests
 * that hold the targets: each message goes through the real drafting decision (planTurnDraft →
 * completeTurnDraft) with default settings, the window open, no model, and the demo ski instructor's
 * profile (db/demo-profiles.ts): a general question gets a draft only when a profile answers it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LANGUAGES, type IntentName, type LanguageCode } from "@/lib/vocabulary";
import { GIULIA_PROFILE } from "@/db/demo-profiles";
import { DEFAULT_DRAFT_SETTINGS } from "@/lib/draft-policy/draft-policy-rules";
import { completeTurnDraft, type DraftTurnInput, planTurnDraft } from "@/lib/drafting/plan-turn-draft";

/**
 * Which file is which set. Sets one has tuned on: the tuning set (<language>.json, .dev.json) and held-out 1–8
 * (each was measured once, then looked at and tuned on). Held-out 9 (<language>.holdout9.json) is the
 * never-tuned set: nobody reads its messages or lists its misses; only its figures are printed.
 */
export type LabelledSet =
  | "tuning"
  | "holdout1"
  | "holdout2"
  | "holdout3"
  | "holdout4"
  | "holdout5"
  | "holdout6"
  | "holdout7"
  | "holdout8"
  | "holdout9";
export const TUNED_SETS = [
  "tuning",
  "holdout1",
  "holdout2",
  "holdout3",
  "holdout4",
  "holdout5",
  "holdout6",
  "holdout7",
  "holdout8",
] as const satisfies readonly LabelledSet[];
export const NEVER_TUNED_SET = "holdout9" satisfies LabelledSet;
const SET_OF_SUFFIX: Record<string, LabelledSet> = {
  "": "tuning",
  dev: "tuning",
  holdout: "holdout1",
  holdout2: "holdout2",
  holdout3: "holdout3",
  holdout4: "holdout4",
  holdout5: "holdout5",
  holdout6: "holdout6",
  holdout7: "holdout7",
  holdout8: "holdout8",
  holdout9: "holdout9",
};

export interface Labelled {
  text: string;
  intent: IntentName;
  language: LanguageCode;
  set: LabelledSet;
}

export const SENSITIVE_INTENTS: IntentName[] = ["cancellation", "complaint"];

export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/classifier");

/** The messages of the given sets, every language; a set whose files are absent gives none. */
export function loadSets(sets: readonly LabelledSet[]): Labelled[] {
  const files = readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  // Every language needs its tuning set, so a new language cannot pass the targets without labelled messages.
  const missing = LANGUAGES.filter((language) => !files.includes(`${language}.json`));
  if (missing.length > 0) throw new Error(`no labelled tuning set for: ${missing.join(", ")}`);
  return files.flatMap((f) => {
    const [language, suffix = ""] = path.basename(f, ".json").split(".") as [LanguageCode, string | undefined];
    const set = SET_OF_SUFFIX[suffix];
    if (!set || !LANGUAGES.includes(language)) throw new Error(`unknown labelled set: ${f}`);
    if (!sets.includes(set)) return [];
    return (JSON.parse(readFileSync(path.join(FIXTURES_DIR, f), "utf8")) as Pick<Labelled, "text" | "intent">[]).map(
      (m) => ({ ...m, language, set }),
    );
  });
}

export function loadSet(kind: LabelledSet): Labelled[] {
  return loadSets([kind]);
}

/** What the learned intent model is trained on: every tuned-on message, text and intent only. */
export function intentExamplesFrom(items: Labelled[] = loadSets(TUNED_SETS)): { text: string; intent: IntentName }[] {
  return items.map(({ text, intent }) => ({ text, intent }));
}

export function evaluateLabelled(items: Labelled[], classifier?: DraftTurnInput["classifier"]) {
  return items.map((item) => {
    const plan = planTurnDraft({
      classifier,
      turn: [{ direction: "inbound", type: "text", text: item.text, sentAt: new Date("2026-12-02T08:00:00Z") }],
      history: [],
      instructor: {
        name: "Demo",
        defaultRegion: "IT",
        ...DEFAULT_DRAFT_SETTINGS,
        priceText: null,
        replyTemplates: null,
        profile: GIULIA_PROFILE,
      },
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
    /** Neither sensitive nor spam ("other"): the messages a draft can be right for. */
    draftable: results.filter((r) => r.shouldDraft).length,
    draftableDrafted: drafted.filter((r) => r.shouldDraft).length,
  };
}
