/** What the confidence policy (decide-draft.ts) reads of a classification. Pure. */
import type { Classification } from "@/lib/classification/classify-message";
import type { DraftPolicyInput } from "./decide-draft";

/**
 * The rules' own classification counts as corroborated; a model's only when the rules support its
 * intent, so a model's self-rating alone never reaches the draft threshold.
 */
export function policyClassification(c: Classification | null): DraftPolicyInput["classification"] {
  if (!c) return null;
  return {
    intent: c.intent,
    confidence: c.confidence,
    flags: c.evidence.flags,
    source: c.evidence.source,
    corroborated: c.evidence.source === "rules" || !!c.evidence.model?.corroborated,
    sensitive: c.evidence.sensitive,
    spam: c.evidence.spam,
    disagreedWith: c.evidence.learned?.effect === "disagreed" ? c.evidence.learned.intent : undefined,
  };
}
