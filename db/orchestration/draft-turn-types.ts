/** The drafting run's arguments, options and result, shared by its steps. */
import type { DraftDecision, DraftState } from "@/lib/vocabulary";
import type { ModelClient } from "@/lib/ai/model-request";

export interface OrchestrateOptions {
  /** The model to try first; default: from server/env (null when AI_BASE_URL/AI_MODEL are unset). */
  model?: ModelClient | null;
  now?: () => Date;
}

export interface DraftTurnArgs {
  instructorId: string;
  conversationId: string;
  /** The instructor asked for a fresh proposal: replace even an edited draft of this turn. */
  fresh?: boolean;
}

export type DraftTurnResult =
  | { outcome: "skipped"; reason: "conversation not found" | "no open turn" }
  /** The current draft changed while the model ran (another run, or the instructor): nothing written. */
  | { outcome: "raced" }
  /** The current draft already covers the turn, or the new messages ask nothing: left as it is. */
  | { outcome: "kept"; draftId: string; reason: "up to date" | "new messages ask nothing" | "edited by the instructor" }
  | {
      outcome: "completed";
      draftId: string;
      supersededId: string | null;
      state: DraftState;
      decision: DraftDecision;
      reason: string;
      generator: string | null;
      modelCalled: boolean;
    };
