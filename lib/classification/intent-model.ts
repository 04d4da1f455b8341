/**
 * A small learned second opinion on the intent: a linear model (multinomial logistic regression) over
 * character n-grams and words of the normalized text. Trained deterministically (fixed order, fixed
 * epochs, no randomness), so the same examples always give the same weights. Pure: no I/O.
 */
import { INTENTS, type IntentName } from "@/lib/vocabulary";
import EXAMPLES from "./intent-examples.json" with { type: "json" };
import { normalizeText } from "./normalize-text";

/** Chosen by 5-fold cross-validation on the tuned-on sets (scripts/classifier-cv.ts). */
export const DEFAULT_TRAINING: Required<TrainOptions> = { epochs: 20, learningRate: 2, l2: 1e-4 };

export interface IntentExample {
  text: string;
  intent: IntentName;
}

export interface IntentModel {
  intents: IntentName[];
  /** Feature → row of `weights` (one weight per intent). */
  index: Map<string, number>;
  weights: Float64Array;
  bias: Float64Array;
}

/** Word n-grams (1–2) and character n-grams (3–5) of each padded word: robust to typos, dialect and stems. */
export function modelFeatures(text: string): string[] {
  const words = normalizeText(text)
    .split(/[^\p{L}\p{N}\p{Extended_Pictographic}'?¿!]+/u)
    .flatMap((w) => w.split(/(?=[?¿!])|(?<=[?¿!])/u))
    .filter(Boolean);
  const out = new Set<string>();
  words.forEach((w, i) => {
    out.add(`w:${w}`);
    if (i > 0) out.add(`b:${words[i - 1]} ${w}`);
    const padded = ` ${w} `;
    for (let n = 3; n <= 5; n++) for (let k = 0; k + n <= padded.length; k++) out.add(`c:${padded.slice(k, k + n)}`);
  });
  return [...out];
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

export function trainIntentModel(
  examples: IntentExample[],
  intents: readonly IntentName[],
  options: TrainOptions = {},
): IntentModel {
  const { epochs, learningRate, l2 } = { ...DEFAULT_TRAINING, ...options };
  const k = intents.length;
  const index = new Map<string, number>();
  const data = examples
    .map((e) => ({
      rows: modelFeatures(e.text).map((f) => index.get(f) ?? index.set(f, index.size).get(f)!),
      label: intents.indexOf(e.intent),
    }))
    .filter((d) => d.label >= 0);
  const weights = new Float64Array(index.size * k);
  const bias = new Float64Array(k);
  // A fixed interleaving instead of a random shuffle: deterministic, and no class comes in one long run.
  const order = interleaveByLabel(data.map((d) => d.label));
  const p = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rate = learningRate / (1 + epoch);
    const decay = 1 - rate * l2;
    for (const i of order) {
      const { rows, label } = data[i]!;
      const scale = 1 / Math.sqrt(rows.length || 1);
      probabilities(rows, rows.length, weights, bias, k, p);
      for (let c = 0; c < k; c++) {
        const g = p[c]! - (c === label ? 1 : 0);
        bias[c]! -= rate * g;
        const step = rate * g * scale;
        for (const r of rows) weights[r * k + c] = weights[r * k + c]! * decay - step;
      }
    }
  }
  return { intents: [...intents], index, weights, bias };
}

export function predictIntent(
  model: IntentModel,
  text: string,
): { intent: IntentName; probability: number; probabilities: Record<string, number> } {
  const k = model.intents.length;
  const features = modelFeatures(text);
  const rows = features.map((f) => model.index.get(f)).filter((r): r is number => r !== undefined);
  const p = probabilities(rows, features.length, model.weights, model.bias, k, new Float64Array(k));
  let best = 0;
  for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
  const out: Record<string, number> = {};
  model.intents.forEach((intent, c) => (out[intent] = p[c]!));
  return { intent: model.intents[best]!, probability: p[best]!, probabilities: out };
}

/** Softmax of the scores, written into `p`; unknown features count in the scale (a message of new words is less sure). */
function probabilities(
  rows: number[],
  featureCount: number,
  weights: Float64Array,
  bias: Float64Array,
  k: number,
  p: Float64Array,
): Float64Array {
  const scale = 1 / Math.sqrt(featureCount || 1);
  for (let c = 0; c < k; c++) {
    let s = bias[c]!;
    for (const r of rows) s += weights[r * k + c]! * scale;
    p[c] = s;
  }
  return softmaxInPlace(p);
}

function softmaxInPlace(s: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of s) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < s.length; c++) sum += s[c] = Math.exp(s[c]! - max);
  for (let c = 0; c < s.length; c++) s[c]! /= sum;
  return s;
}

function interleaveByLabel(labels: number[]): number[] {
  const buckets = new Map<number, number[]>();
  labels.forEach((l, i) => (buckets.get(l) ?? buckets.set(l, []).get(l)!).push(i));
  const lists = [...buckets.values()];
  const out: number[] = [];
  for (let round = 0; out.length < labels.length; round++)
    for (const list of lists) if (round < list.length) out.push(list[round]!);
  return out;
}

/**
 * The words of the message that push the model most towards the given intents, for the "why" panel: each word
 * scored by its own features (the word and its character n-grams); short function words are left out.
 */
export function strongestWords(model: IntentModel, text: string, towards: IntentName[], limit = 3): string[] {
  const k = model.intents.length;
  const classes = towards.map((i) => model.intents.indexOf(i)).filter((c) => c >= 0);
  const lean = (feature: string) => {
    const row = model.index.get(feature);
    if (row === undefined) return 0;
    const w = model.weights.subarray(row * k, row * k + k);
    const mean = w.reduce((a, b) => a + b, 0) / k;
    return Math.max(...classes.map((c) => w[c]!)) - mean;
  };
  const words = [
    ...new Set(
      modelFeatures(text)
        .filter((f) => f.startsWith("w:"))
        .map((f) => f.slice(2)),
    ),
  ].filter((w) => [...w].length >= 4);
  return words
    .map((word) => {
      const padded = ` ${word} `;
      let score = lean(`w:${word}`);
      for (let n = 3; n <= 5; n++)
        for (let i = 0; i + n <= padded.length; i++) score += lean(`c:${padded.slice(i, i + n)}`);
      return { word, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.word.localeCompare(b.word))
    .slice(0, limit)
    .map((s) => s.word);
}

let defaultModel: IntentModel | null = null;

/**
 * The shipped model, trained on first use from intent-examples.json (the tuned-on labelled sets, written by
 * scripts/build-intent-examples.ts): about half a second once per process, and no weights file to keep in sync.
 */
export function defaultIntentModel(): IntentModel {
  defaultModel ??= trainIntentModel(EXAMPLES as IntentExample[], INTENTS, DEFAULT_TRAINING);
  return defaultModel;
}
