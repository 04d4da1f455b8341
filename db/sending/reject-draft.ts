import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { drafts } from "@/db/schema";
import type { DraftState } from "@/lib/vocabulary";
import { isUuid } from "@/lib/validation/is-uuid";
import { conflictMessage, NOT_FOUND_MESSAGE, type DraftDecisionResult } from "./send-result";

/** A draft that nothing was (or may have been) sent for can be rejected. */
const REJECTABLE: DraftState[] = ["proposed", "edited", "approved", "send_failed"];

export interface RejectDraftArgs {
  instructorId: string;
  userId: string;
  draftId: string;
  reason?: string | null;
}

/** The instructor rejects a draft: compare-and-set → `rejected`, audited. Nothing is sent. */
export async function rejectDraft({
  instructorId,
  userId,
  draftId,
  reason = null,
}: RejectDraftArgs): Promise<DraftDecisionResult> {
  if (!isUuid(draftId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const cleanReason = reason?.trim() ? reason.trim().slice(0, 1000) : null;
  return db.transaction(async (tx): Promise<DraftDecisionResult> => {
    const now = new Date();
    const [row] = await tx
      .update(drafts)
      .set({ state: "rejected", rejectReason: cleanReason, decidedByUserId: userId, decidedAt: now, updatedAt: now })
      .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId), inArray(drafts.state, REJECTABLE)))
      .returning({ id: drafts.id });
    if (!row) {
      const [current] = await tx
        .select({ state: drafts.state })
        .from(drafts)
        .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId)));
      if (!current) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
      if (current.state === "rejected") return { kind: "rejected", draftId, message: "Rejected." };
      return { kind: "conflict", state: current.state, message: conflictMessage(current.state) };
    }
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "draft.rejected",
      entityType: "draft",
      entityId: draftId,
      data: { reason: cleanReason },
    });
    return { kind: "rejected", draftId, message: "Rejected." };
  });
}
