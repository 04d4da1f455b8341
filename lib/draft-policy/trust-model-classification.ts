/**
 * How far a model's classification is trusted against the keyword rules. Pure: the model only proposes,
 * and the rules keep the last word on what must reach a human or be refused.
 */
import type { ModelResult } from "@/lib/ai/model-request";
import type { Classification } from "@/lib/classification/classify-message";

/**
 * The model's classification is trusted only with support: its intent must also have keyword evidence
 * from the rules ("corroborated"). Corroborated: the confidence is the mean of the rules' and the model's.
 * It never overrides what the rules must hand to a human or refuse (a sensitive signal, a complaint or
 * cancellation, spam): customer text that talks the model round cannot change the policy.
 * Any model error keeps the deterministic classification (and says why in the evidence).
 */
export function trustModelClassification(rules: Classification, result: ModelResult): Classification {
  if (!result.ok) return { ...rules, evidence: { ...rules.evidence, modelError: result.error } };
  const { answer } = result;
  const locked =
    (rules.evidence.sensitive?.length ?? 0) > 0 ||
    (rules.evidence.spam?.length ?? 0) > 0 ||
    rules.evidence.flags.length > 0 ||
    rules.intent === "complaint" ||
    rules.intent === "cancellation";
  if (locked)
    return {
      ...rules,
      evidence: {
        ...rules.evidence,
        model: { intent: answer.intent, confidence: answer.confidence, corroborated: false },
      },
    };
  const corroborated = (rules.evidence.matches[answer.intent]?.length ?? 0) > 0;
  const rulesConfidence = rules.intent === answer.intent ? rules.confidence : 0.5;
  return {
    intent: answer.intent,
    language: rules.language,
    confidence: corroborated ? Math.round(((rulesConfidence + answer.confidence) / 2) * 100) / 100 : answer.confidence,
    evidence: {
      ...rules.evidence,
      source: "model",
      model: { intent: answer.intent, confidence: answer.confidence, corroborated },
    },
  };
}
