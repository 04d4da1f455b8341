import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { applyParkedStatuses, lockWamid } from "@/db/queries/apply-message-status";
import { recordAuditEvent } from "@/db/queries/audit";
import { conversations, drafts, messages, type NewMessage } from "@/db/schema";
import { oneLine } from "@/lib/format/one-line";
import { logger } from "@/server/logger";
import {
  sendTextMessage,
  sendWhatsAppMessage,
  type OutboundGraphMessage,
  type SendTextMessageResult,
} from "@/server/whatsapp/graph-client";
import type { SendConfig } from "./send-config";
import { UNKNOWN_OUTCOME_MESSAGE, type SendReplyResult } from "./send-result";

/**
 * The outbound text row, committed with status `sending` BEFORE the Graph call (if the process
 * dies between the call and its answer, this row is what becomes `unknown`).
 */
export function sendingTextMessage(args: {
  instructorId: string;
  conversationId: string;
  userId: string;
  body: string;
  now: Date;
}): NewMessage {
  return {
    instructorId: args.instructorId,
    conversationId: args.conversationId,
    direction: "outbound",
    channel: "whatsapp",
    type: "text",
    body: args.body,
    summary: oneLine(args.body),
    status: "sending",
    statusUpdatedAt: args.now,
    sentByUserId: args.userId,
  };
}

export interface DeliverOutboundMessageArgs {
  instructorId: string;
  userId: string;
  conversationId: string;
  /** The committed outbound `messages` row, status `sending`. */
  outboundMessageId: string;
  draftId: string | null;
  phoneNumberId: string;
  /** "+<E.164>". */
  to: string;
  /** The text shown in the thread (for a template: its rendered text; for media: the caption or file name). */
  body: string;
  /** What to send when it is not a plain text of `body` (a template, an image or document by media id). */
  message?: OutboundGraphMessage;
  config: SendConfig & { accessToken: string };
}

/**
 * Exactly once, step 2: the outbound row is already committed as `sending` (only the winner of the
 * compare-and-set gets here). Call Graph once, then record what we learned. Never retries.
 * If this process dies before the second transaction commits, the row stays `sending` and
 * markUnknownSendsAfterCrash turns it into `unknown`.
 */
export async function deliverOutboundMessage(args: DeliverOutboundMessageArgs): Promise<SendReplyResult> {
  const { config } = args;
  const connection = {
    graphUrl: config.graphUrl,
    accessToken: config.accessToken,
    timeoutMs: config.timeoutMs,
    phoneNumberId: args.phoneNumberId,
    to: args.to,
  };
  const result = args.message
    ? await sendWhatsAppMessage({ ...connection, message: args.message })
    : await sendTextMessage({ ...connection, body: args.body });
  try {
    return await recordSendOutcome({ ...args, result });
  } catch (err) {
    // The database failed after Graph answered. Keep the wamid in the logs (the row stays `sending`,
    // the crash sweep will say "unknown"), and tell the truth: we do not know what is recorded.
    logger.error(
      {
        err,
        outboundMessageId: args.outboundMessageId,
        draftId: args.draftId,
        graphOutcome: result.outcome,
        wamid: result.outcome === "sent" ? result.wamid : undefined,
      },
      "could not record the send outcome",
    );
    return {
      kind: "unknown",
      draftId: args.draftId,
      outboundMessageId: args.outboundMessageId,
      message: UNKNOWN_OUTCOME_MESSAGE,
    };
  }
}

async function recordSendOutcome(
  args: DeliverOutboundMessageArgs & { result: SendTextMessageResult },
): Promise<SendReplyResult> {
  const { result, outboundMessageId, draftId, instructorId, userId } = args;
  const now = new Date();
  // A late answer still wins over the crash sweep's `unknown`: knowing beats not knowing.
  const stillOpen = and(eq(messages.id, outboundMessageId), inArray(messages.status, ["sending", "unknown"]));
  const draftStillOpen = (id: string) => and(eq(drafts.id, id), inArray(drafts.state, ["sending", "unknown"]));

  return db.transaction(async (tx): Promise<SendReplyResult> => {
    // Refused, or no one knows: the message and its draft say so, and the audit records why.
    const recordNotSent = async (outcome: {
      status: "failed" | "unknown";
      statusError: NonNullable<NewMessage["statusError"]>;
      draftState: "send_failed" | "unknown";
      draftError: string;
      action: string;
      data: Record<string, unknown>;
    }) => {
      await tx
        .update(messages)
        .set({ status: outcome.status, statusUpdatedAt: now, statusError: outcome.statusError })
        .where(stillOpen);
      if (draftId)
        await tx
          .update(drafts)
          .set({ state: outcome.draftState, error: outcome.draftError, updatedAt: now })
          .where(draftStillOpen(draftId));
      await recordAuditEvent(tx, {
        instructorId,
        actorUserId: userId,
        action: outcome.action,
        entityType: "message",
        entityId: outboundMessageId,
        data: { draftId, conversationId: args.conversationId, ...outcome.data },
      });
    };

    if (result.outcome === "sent") {
      await lockWamid(tx, instructorId, result.wamid);
      const updated = await tx
        .update(messages)
        .set({ status: "sent", externalMessageId: result.wamid, sentAt: now, statusUpdatedAt: now, statusError: null })
        .where(stillOpen)
        .returning({ id: messages.id });
      if (draftId)
        await tx.update(drafts).set({ state: "sent", error: null, updatedAt: now }).where(draftStillOpen(draftId));
      // Statuses WhatsApp sent before this commit (delivered, read, or an asynchronous failure).
      if (updated.length > 0)
        await applyParkedStatuses(tx, { instructorId, wamid: result.wamid, messageId: outboundMessageId, now });
      const preview = oneLine(args.body);
      await tx
        .update(conversations)
        .set({
          // Keep the newest message on top even if an inbound one landed meanwhile.
          lastMessagePreview: sql`case when ${conversations.lastMessageAt} <= ${now.toISOString()}::timestamptz then ${preview} else ${conversations.lastMessagePreview} end`,
          lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${now.toISOString()}::timestamptz)`,
          updatedAt: now,
        })
        .where(and(eq(conversations.id, args.conversationId), eq(conversations.instructorId, instructorId)));
      await recordAuditEvent(tx, {
        instructorId,
        actorUserId: userId,
        action: "message.sent",
        entityType: "message",
        entityId: outboundMessageId,
        data: { draftId, wamid: result.wamid, conversationId: args.conversationId },
      });
      return { kind: "sent", draftId, outboundMessageId, wamid: result.wamid, message: "Sent." };
    }

    if (result.outcome === "rejected") {
      const error = result.error;
      await recordNotSent({
        status: "failed",
        statusError: { ...error },
        draftState: "send_failed",
        draftError: error.message,
        action: "message.send_failed",
        data: {
          kind: error.kind,
          code: error.code,
          title: error.title,
          details: error.details,
          httpStatus: error.httpStatus,
        },
      });
      return { kind: "send_failed", draftId, outboundMessageId, error, message: error.message };
    }

    await recordNotSent({
      status: "unknown",
      statusError: {
        kind: "unknown",
        reason: result.reason,
        detail: result.detail,
        httpStatus: result.httpStatus,
        graphError: result.error,
        message: UNKNOWN_OUTCOME_MESSAGE,
      },
      draftState: "unknown",
      draftError: UNKNOWN_OUTCOME_MESSAGE,
      action: "message.send_unknown",
      data: { reason: result.reason, detail: result.detail, httpStatus: result.httpStatus },
    });
    return { kind: "unknown", draftId, outboundMessageId, message: UNKNOWN_OUTCOME_MESSAGE };
  });
}
