/**
 * The default classifier: deterministic, offline, explainable. Intent from the keyword rules of
 * intent-rules.ts, language from detect-language.ts, a confidence in [0, 1], and the evidence behind it.
 */
import type { IntentName, LanguageCode } from "@/db/schema";
import { detectLanguage } from "./detect-language";
import { FLAG_RULES, INTENT_RULES } from "./intent-rules";
import { normalizeText } from "./normalize-text";

export const INTENTS: readonly IntentName[] = [
  "booking_request",
  "availability_question",
  "price_question",
  "reschedule",
  "cancellation",
  "complaint",
  "general_question",
  "greeting_thanks",
  "other",
];

export type ClassificationFlag = "refund" | "safety";

export interface ClassificationEvidence {
  /** Who classified: the keyword rules, or a model (whose intent the rules may or may not support). */
  source: "rules" | "model";
  /** The rule fragments that matched, per intent. */
  matches: Partial<Record<IntentName, string[]>>;
  /** Refund / safety words found: these always go to a human. */
  flags: ClassificationFlag[];
  /** Words that decided the language. */
  languageEvidence: string[];
  /** Model path only: what the model said and whether the rules support its intent. */
  model?: { intent: IntentName; confidence: number; corroborated: boolean };
  /** Model path only: why the model was not used (timeout, malformed answer...). */
  modelError?: string;
}

export interface Classification {
  intent: IntentName;
  language: LanguageCode;
  confidence: number;
  evidence: ClassificationEvidence;
}

/** Intents that win a tie, most specific first. */
const PRIORITY: IntentName[] = [
  "cancellation",
  "complaint",
  "reschedule",
  "price_question",
  "availability_question",
  "booking_request",
  "general_question",
];

const compiled = INTENT_RULES.map((rule) => ({
  ...rule,
  regexes: rule.patterns.map((p) => ({ source: p, regex: compilePattern(p) })),
}));
const compiledFlags = FLAG_RULES.map((rule) => ({
  flag: rule.flag,
  regexes: rule.patterns.map(compilePattern),
}));

/** A fragment matches at the start of a word; a leading `~` lets it end a compound ("Ski~kurs"). */
function compilePattern(fragment: string): RegExp {
  return fragment.startsWith("~")
    ? new RegExp(`(?:${fragment.slice(1)})`, "u")
    : new RegExp(`(?<![\\p{L}\\p{N}])(?:${fragment})`, "u");
}

export function classifyMessage({ text, fallbackLanguage = "en" }: { text: string; fallbackLanguage?: LanguageCode }): Classification {
  const normalized = normalizeText(text);
  const language = detectLanguage({ text, fallback: fallbackLanguage });
  const scores = new Map<IntentName, number>();
  const matches: Partial<Record<IntentName, string[]>> = {};
  for (const rule of compiled) {
    for (const { source, regex } of rule.regexes) {
      const found = regex.exec(normalized);
      if (!found) continue;
      scores.set(rule.intent, (scores.get(rule.intent) ?? 0) + rule.weight);
      (matches[rule.intent] ??= []).push(found[0].trim() || source);
    }
  }
  const flags = compiledFlags.filter((f) => f.regexes.some((r) => r.test(normalized))).map((f) => f.flag);
  const evidence: ClassificationEvidence = { source: "rules", matches, flags, languageEvidence: language.evidence };

  // Pick among the specific intents (general questions included); greetings only when nothing else matched.
  const ranked = PRIORITY.map((intent) => ({ intent, score: scores.get(intent) ?? 0 }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || PRIORITY.indexOf(a.intent) - PRIORITY.indexOf(b.intent));
  const hasQuestionMark = /[?¿]/.test(text);

  if (ranked.length === 0) {
    const greeting = scores.get("greeting_thanks") ?? 0;
    if (hasQuestionMark) {
      // A question we have no words for: a general question, with little confidence.
      return { intent: "general_question", language: language.language, confidence: 0.5, evidence };
    }
    if (greeting > 0) {
      return { intent: "greeting_thanks", language: language.language, confidence: confidenceOf(greeting, 0), evidence };
    }
    return { intent: "other", language: language.language, confidence: 0.3, evidence };
  }
  const [first, second] = ranked;
  return {
    intent: first!.intent,
    language: language.language,
    confidence: confidenceOf(first!.score, second?.score ?? 0),
    evidence,
  };
}

/**
 * More matching words → more confident (1 word 0.75, 2 words 0.88, 3 words 0.94); a competing intent
 * lowers it in proportion to its share. Rounded to two decimals so reasons read plainly.
 */
export function confidenceOf(best: number, runnerUp: number): number {
  const strength = 1 - Math.pow(0.5, best + 1);
  const margin = best / (best + runnerUp);
  return Math.round(Math.min(0.97, strength * (0.5 + 0.5 * margin)) * 100) / 100;
}
