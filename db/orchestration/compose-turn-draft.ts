import "server-only";
/**
 * The compose step: the turn's plan (lib/drafting/plan-turn-draft), the one model call when the plan asks
 * for it, and the checked outcome. Reads the linked customer; writes nothing.
 */
import type { TurnMessageRow } from "@/db/queries/conversation-turn";
import { customerForDrafting } from "@/db/queries/draft-customer";
import type { DraftState } from "@/lib/vocabulary";
import type { ModelClient, ModelResult } from "@/lib/ai/model-request";
import { modelClientFromEnv } from "@/server/ai/model-client";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import {
  completeTurnDraft,
  planTurnDraft,
  type TurnDraftOutcome,
  type TurnMessage,
} from "@/lib/drafting/plan-turn-draft";
import type { TurnClaim } from "./claim-open-turn";

export type ComposedTurnDraft = TurnDraftOutcome & { state: DraftState };

export async function composeTurnDraft(
  { conversation, instructor, turn, turnForPlan, history }: TurnClaim,
  { model: chosenModel, now }: { model?: ModelClient | null; now: Date },
): Promise<ComposedTurnDraft> {
  const newest = turn.at(-1)!;
  // WhatsApp's window from the customer's own send time (WhatsApp's timestamp), not when we stored it, as
  // the approval checks it: a late delivery arrives with the window already closed and gets no free-form draft.
  const lastInboundAt = latest(conversation.lastInboundAt, newest.at);
  const windowOpen = customerServiceWindow({ lastInboundAt, now }).open;
  const model = chosenModel === undefined ? modelClientFromEnv() : chosenModel;
  const linked = await customerForDrafting({ instructorId: instructor.id, customerId: conversation.customerId });
  const plan = planTurnDraft({
    turn: turnForPlan.map(toTurnMessage),
    history: history.map(toTurnMessage),
    instructor,
    customer: { name: linked?.name ?? conversation.displayName, notes: linked?.notes ?? null },
    windowOpen,
    modelAvailable: !!model,
  });
  const modelResult: ModelResult | null =
    model && plan.modelRequest ? await model.classifyAndDraft(plan.modelRequest) : null;
  const outcome = completeTurnDraft(plan, modelResult);
  return { ...outcome, state: outcome.proposedText ? "proposed" : "not_drafted" };
}

function latest(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

function toTurnMessage(m: TurnMessageRow): TurnMessage {
  return { direction: m.direction, type: m.type, text: m.body, sentAt: m.at };
}
