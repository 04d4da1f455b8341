import "server-only";
/**
 * TA-3 step 5, per conversation turn: classification + policy + optional draft for the open turn. It
 * proposes; it never sends and never links. Three steps: claim the turn (or keep the current draft), compose
 * the draft (the one model call, outside any transaction), finalize it (written only if nothing changed).
 */
import { claimOpenTurn } from "./claim-open-turn";
import { composeTurnDraft } from "./compose-turn-draft";
import type { DraftTurnArgs, DraftTurnResult, OrchestrateOptions } from "./draft-turn-types";
import { finalizeTurnDraft } from "./finalize-turn-draft";

export async function draftConversationTurn(
  args: DraftTurnArgs,
  options: OrchestrateOptions = {},
): Promise<DraftTurnResult> {
  const now = options.now?.() ?? new Date();
  const claimed = await claimOpenTurn(args, now);
  if ("result" in claimed) return claimed.result;
  const composed = await composeTurnDraft(claimed.claim, { model: options.model, now });
  return finalizeTurnDraft({ args, claim: claimed.claim, composed, now });
}
