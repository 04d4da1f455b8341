import "server-only";
/**
 * The finalize step: in one transaction, re-check that the current draft is the one the claim saw, write
 * the new draft (superseding the old one *by* it), mark a handoff on the conversation and audit it; then,
 * after commit, tell the instructor's devices.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { notifyConversationAfterCommit } from "@/db/push/notify-instructor";
import { recordAuditEvent } from "@/db/queries/audit";
import { currentDraft } from "@/db/queries/current-draft";
import { conversations, drafts } from "@/db/schema";
import { decideTurnRedraft, HUMAN_DRAFT_STATES } from "@/lib/drafting/decide-turn-redraft";
import type { TurnClaim } from "./claim-open-turn";
import type { ComposedTurnDraft } from "./compose-turn-draft";
import type { DraftTurnArgs, DraftTurnResult } from "./draft-turn-types";

export async function finalizeTurnDraft({
  args,
  claim,
  composed,
  now,
}: {
  args: DraftTurnArgs;
  claim: TurnClaim;
  composed: ComposedTurnDraft;
  now: Date;
}): Promise<DraftTurnResult> {
  const { instructorId, conversationId } = args;
  const { classification, decision, proposedText, generator, promptVersion, state, modelCalled } = composed;
  const newest = claim.turn.at(-1)!;
  const result = await db.transaction(async (tx): Promise<DraftTurnResult> => {
    // Serialize with the instructor's edits on this conversation's current draft, then re-check it.
    const still = await currentDraft({ conversationId, forUpdate: true }, tx);
    if ((still?.id ?? null) !== (claim.current?.id ?? null)) {
      // Another run or a human decision changed the current draft meanwhile: a queued re-run looks again.
      return { outcome: "raced" };
    }
    // The same draft, but the instructor may have edited it while the model ran: the claim's rule again.
    const redraft = decideTurnRedraft({ turn: claim.turn, current: still, fresh: args.fresh });
    if (redraft.action === "keep") return { outcome: "kept", draftId: redraft.draftId, reason: redraft.reason };
    const draftId = randomUUID();
    if (still) {
      // Machine states close as 'superseded'; a human state keeps its state (a send in flight still
      // reports its outcome) but is no longer the current draft.
      await tx
        .update(drafts)
        .set({
          supersededBy: draftId,
          state: sql`case when ${inArray(drafts.state, [...HUMAN_DRAFT_STATES])} then ${drafts.state} else 'superseded' end`,
          updatedAt: now,
        })
        .where(eq(drafts.id, still.id));
    }
    await tx.insert(drafts).values({
      id: draftId,
      instructorId,
      conversationId,
      messageId: newest.id,
      state,
      decision: decision.decision,
      reason: decision.reason,
      intent: classification?.intent ?? null,
      language: classification?.language ?? null,
      confidence: classification?.confidence ?? null,
      evidence: classification?.evidence ?? null,
      generator,
      promptVersion,
      proposedText,
      attempts: 1,
      claimedAt: now,
      createdAt: now,
      updatedAt: now,
    });

    if (decision.decision === "handoff" && decision.attention) {
      // Handoff / escalation marks the conversation for the inbox filter; a handoff never downgrades an escalation.
      await tx
        .update(conversations)
        .set({ attention: decision.attention, attentionReason: decision.reason, attentionAt: now, updatedAt: now })
        .where(
          and(
            eq(conversations.id, conversationId),
            decision.attention === "escalated"
              ? undefined
              : sql`${conversations.attention} is distinct from 'escalated'`,
          ),
        );
      // CM-2.5: a state change that matters, made by the system (actor null).
      await recordAuditEvent(tx, {
        instructorId,
        actorUserId: null,
        action: `conversation.${decision.attention}`,
        entityType: "conversation",
        entityId: conversationId,
        data: { messageId: newest.id, draftId, reason: decision.reason, intent: classification?.intent ?? null },
      });
    }
    return {
      outcome: "completed",
      draftId,
      supersededId: still?.id ?? null,
      state,
      decision: decision.decision,
      reason: decision.reason,
      generator,
      modelCalled,
    };
  });
  // After commit, detached and never throwing: the instructor's devices hear about it within seconds.
  if (result.outcome === "completed" && result.state !== "superseded")
    notifyConversationAfterCommit({ instructorId, conversationId });
  return result;
}
