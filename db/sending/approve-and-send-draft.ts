import "server-only";
import { isUuid } from "@/lib/validation/is-uuid";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { conversations, drafts, instructors, messages } from "@/db/schema";
import type { DraftState } from "@/lib/vocabulary";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import { deliverOutboundMessage, sendingTextMessage } from "./deliver-outbound-message";
import { sendConfigFromEnv, type SendConfig } from "./send-config";
import { recipientFor } from "./recipient-for";
import {
  conflictMessage,
  NO_RECIPIENT_MESSAGE,
  NOT_FOUND_MESSAGE,
  WINDOW_CLOSED_MESSAGE,
  type SendReplyResult,
} from "./send-result";
import { validateReplyText } from "./validate-reply-text";

/**
 * States a draft can be approved (and sent) from. `send_failed` is included on purpose: a failure we
 * recorded is a DEFINITE "not sent" (Graph refused or was unreachable), so sending again cannot
 * duplicate. `unknown` is not: it may have been sent, and is never resent from here.
 */
const APPROVABLE_DRAFT_STATES: DraftState[] = ["proposed", "edited", "approved", "send_failed"];

class EmptyReplyError extends Error {}

export interface ApproveAndSendDraftArgs {
  instructorId: string;
  /** The signed-in user approving: the audit actor and messages.sent_by_user_id. */
  userId: string;
  draftId: string;
  /** The text to send, when the instructor changed it in the approve form; default: edited_text ?? proposed_text. */
  text?: string;
  config?: SendConfig;
  now?: Date;
}

/**
 * Approve a draft and send it through the WhatsApp Cloud API, exactly once.
 * Only a human action reaches this (an API route with a signed-in session); nothing in classification
 * or drafting calls it.
 *
 * 1. Tenant check (404 for anything not this instructor's), 24 h window on the server (422, nothing called).
 * 2. Not configured → record the approval only.
 * 3. Compare-and-set draft → `sending` and insert the outbound row `sending`, in one committed transaction,
 *    BEFORE the HTTP call. Concurrent approvals (double click, two tabs, retried request) lose the CAS → 409.
 * 4. deliverOutboundMessage: one Graph call, then sent | send_failed | unknown.
 */
export async function approveAndSendDraft({
  instructorId,
  userId,
  draftId,
  text,
  config = sendConfigFromEnv(),
  now = new Date(),
}: ApproveAndSendDraftArgs): Promise<SendReplyResult> {
  if (!isUuid(draftId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  if (text !== undefined) {
    const problem = validateReplyText(text);
    if (problem) return { kind: "invalid", message: problem };
  }

  const [found] = await db
    .select({ draft: drafts, conversation: conversations, phoneNumberId: instructors.whatsappPhoneNumberId })
    .from(drafts)
    .innerJoin(
      conversations,
      and(eq(conversations.id, drafts.conversationId), eq(conversations.instructorId, drafts.instructorId)),
    )
    .innerJoin(instructors, eq(instructors.id, drafts.instructorId))
    .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId)))
    .limit(1);
  if (!found) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const { draft, conversation, phoneNumberId } = found;

  if (!APPROVABLE_DRAFT_STATES.includes(draft.state))
    return { kind: "conflict", state: draft.state, message: conflictMessage(draft.state) };
  if (conversation.channel !== "whatsapp")
    return { kind: "invalid", message: "Only WhatsApp conversations can be answered from here." };

  // WhatsApp rule, enforced here and not only in the UI: free-form replies within 24 h of the last inbound message.
  const window = customerServiceWindow({ lastInboundAt: conversation.lastInboundAt, now });
  if (!window.open) return { kind: "window_closed", closesAt: window.closesAt, message: WINDOW_CLOSED_MESSAGE };
  const to = recipientFor(conversation);
  if (!to) return { kind: "invalid", message: NO_RECIPIENT_MESSAGE };

  // Only replace edited_text when the instructor actually sends something else than what is stored.
  const storedText = draft.editedText ?? draft.proposedText;
  const editedText = text !== undefined && text !== storedText ? text : undefined;

  if (!config.accessToken || !phoneNumberId) {
    return recordApprovalWithoutSending({
      instructorId,
      userId,
      draftId,
      editedText,
      now,
      reason: !config.accessToken ? "not_configured" : "no_phone_number",
    });
  }
  const accessToken = config.accessToken;

  // Exactly once, step 1: the compare-and-set and the `sending` row commit together, before any HTTP call.
  const claim = await db
    .transaction(async (tx) => {
      const [claimed] = await tx
        .update(drafts)
        .set({
          state: "sending",
          ...(editedText !== undefined ? { editedText } : {}),
          decidedByUserId: userId,
          decidedAt: now,
          error: null,
          updatedAt: now,
        })
        .where(
          and(
            eq(drafts.id, draftId),
            eq(drafts.instructorId, instructorId),
            inArray(drafts.state, APPROVABLE_DRAFT_STATES),
          ),
        )
        .returning();
      if (!claimed) return null;
      const body = text ?? claimed.editedText ?? claimed.proposedText ?? "";
      // Nothing to send: throwing rolls the claim back.
      if (validateReplyText(body)) throw new EmptyReplyError();
      const [outbound] = await tx
        .insert(messages)
        .values({
          ...sendingTextMessage({ instructorId, conversationId: conversation.id, userId, body, now }),
          draftId,
        })
        .returning({ id: messages.id });
      await tx.update(drafts).set({ outboundMessageId: outbound!.id }).where(eq(drafts.id, draftId));
      await recordAuditEvent(tx, {
        instructorId,
        actorUserId: userId,
        action: "draft.approved",
        entityType: "draft",
        entityId: draftId,
        data: {
          outboundMessageId: outbound!.id,
          edited: editedText !== undefined || claimed.editedText !== null,
          previousState: draft.state,
        },
      });
      return { outboundMessageId: outbound!.id, body };
    })
    .catch((err: unknown) => {
      if (err instanceof EmptyReplyError) return "empty" as const;
      throw err;
    });

  if (claim === "empty") return { kind: "invalid", message: "The draft has no text to send." };
  if (!claim) {
    const [current] = await db
      .select({ state: drafts.state })
      .from(drafts)
      .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId)));
    const state = current?.state ?? null;
    return { kind: "conflict", state, message: conflictMessage(state) };
  }

  return deliverOutboundMessage({
    instructorId,
    userId,
    conversationId: conversation.id,
    outboundMessageId: claim.outboundMessageId,
    draftId,
    phoneNumberId,
    to,
    body: claim.body,
    config: { ...config, accessToken },
  });
}

async function recordApprovalWithoutSending({
  instructorId,
  userId,
  draftId,
  editedText,
  now,
  reason,
}: {
  instructorId: string;
  userId: string;
  draftId: string;
  editedText: string | undefined;
  now: Date;
  reason: "not_configured" | "no_phone_number";
}): Promise<SendReplyResult> {
  const message =
    reason === "not_configured"
      ? "Approved, not sent: WhatsApp sending is not configured."
      : "Approved, not sent: this account has no WhatsApp business number configured.";
  return db.transaction(async (tx): Promise<SendReplyResult> => {
    const [approved] = await tx
      .update(drafts)
      .set({
        state: "approved",
        ...(editedText !== undefined ? { editedText } : {}),
        decidedByUserId: userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(drafts.id, draftId),
          eq(drafts.instructorId, instructorId),
          inArray(drafts.state, ["proposed", "edited", "send_failed"]),
        ),
      )
      .returning({ id: drafts.id });
    if (!approved) {
      const [current] = await tx
        .select({ state: drafts.state })
        .from(drafts)
        .where(and(eq(drafts.id, draftId), eq(drafts.instructorId, instructorId)));
      // Approving an approved draft again is the same request repeated: same answer, no second audit row.
      if (current?.state === "approved") return { kind: "approved_not_sent", draftId, message };
      return { kind: "conflict", state: current?.state ?? null, message: conflictMessage(current?.state ?? null) };
    }
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "draft.approved",
      entityType: "draft",
      entityId: draftId,
      data: { sent: false, reason, edited: editedText !== undefined },
    });
    return { kind: "approved_not_sent", draftId, message };
  });
}
