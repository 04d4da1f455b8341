import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { drafts } from "@/db/schema";
import type { DraftState } from "@/lib/vocabulary";
import { isUuid } from "@/lib/validation/is-uuid";
import { validateReplyText } from "./validate-reply-text";
import { conflictMessage, NOT_FOUND_MESSAGE, type DraftDecisionResult } from "./send-result";

/** `not_drafted` too: the instructor may write the turn's reply in the draft panel when no proposal was made. */
const EDITABLE: DraftState[] = ["proposed", "edited", "approved", "send_failed", "not_drafted"];

export interface EditDraftArgs {
  instructorId: string;
  userId: string;
  draftId: string;
  text: string;
}

/** Save the instructor's text as `edited_text` (proposed_text stays as generated). State → `edited`. Sends nothing. */
export async function editDraft({ instructorId, userId, draftId, text }: EditDraftArgs): Promise<DraftDecisionResult> {
  if (!isUuid(draftId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const problem = validateReplyText(text);
  if (problem) return { kind: "invalid", message: problem };
  return db.transaction(async (tx): Promise<DraftDecisionResult> => {
    const [before] = await tx
      .select({ state: drafts.state, editedText: drafts.editedText, proposedText: drafts.proposedText })
      .from(drafts)
      .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId)))
      .for("update");
    if (!before) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
    if (!EDITABLE.includes(before.state))
      return { kind: "conflict", state: before.state, message: conflictMessage(before.state) };
    const now = new Date();
    await tx
      .update(drafts)
      .set({ state: "edited", editedText: text, updatedAt: now })
      .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId), inArray(drafts.state, EDITABLE)));
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "draft.edited",
      entityType: "draft",
      entityId: draftId,
      data: { previousText: before.editedText ?? before.proposedText, text, previousState: before.state },
    });
    return { kind: "edited", draftId, editedText: text, message: "Saved." };
  });
}
