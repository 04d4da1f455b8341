/** The confidence policy as data: what always goes to a human, and the defaults of a new instructor. */
import type { ConversationAttention, IntentName } from "@/lib/vocabulary";
import type { ClassificationFlag } from "@/lib/classification/classify-message";

/** A new instructor: drafts on, threshold 0.70 (the schema defaults). Every draft still needs approval. */
export const DEFAULT_DRAFT_SETTINGS = { draftsEnabled: true, draftThreshold: 0.7 } as const;

/** Intents that always go to a human, and how the conversation is marked for the inbox filter. */
export const HANDOFF_INTENTS: Partial<Record<IntentName, ConversationAttention>> = {
  complaint: "handed_to_human",
  cancellation: "handed_to_human",
};

/** Words that always go to a human, whatever the intent. Safety is escalated (more urgent than a handoff). */
export const HANDOFF_FLAGS: Record<ClassificationFlag, ConversationAttention> = {
  refund: "handed_to_human",
  safety: "escalated",
};

/** Intents with nothing useful to propose: no draft even when confident. */
export const NO_DRAFT_INTENTS: readonly IntentName[] = ["other"];
