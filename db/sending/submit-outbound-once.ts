import "server-only";
import { and, eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { conversations, instructors, messages, type NewMessage } from "@/db/schema";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";
import type { OutboundGraphMessage } from "@/server/whatsapp/graph-client";
import { isUuid } from "@/lib/validation/is-uuid";
import { recipientFor } from "./recipient-for";
import { deliverOutboundMessage, sendingTextMessage } from "./deliver-outbound-message";
import { sendConfigFromEnv, type SendConfig } from "./send-config";
import { NO_RECIPIENT_MESSAGE, NOT_FOUND_MESSAGE, WINDOW_CLOSED_MESSAGE, type SendReplyResult } from "./send-result";

export interface SubmitOutboundOnceArgs {
  instructorId: string;
  userId: string;
  conversationId: string;
  /** Chosen by the client once per composed message: a double submit or a retried request sends once. */
  idempotencyKey: string;
  /** The text stored and shown in the thread (and compared on a repeated submit). */
  body: string;
  /** Row fields beyond a text row: type, summary, content. */
  row?: Pick<NewMessage, "type" | "summary" | "content">;
  /** What Graph gets; omitted: a text message of `body`. */
  message?: OutboundGraphMessage;
  /** Free-form messages need the 24 h window; a template does not. */
  requiresOpenWindow: boolean;
  /** Audit action of the submit ("message.reply_submitted", "template.submitted"…). */
  auditAction: string;
  auditData?: Record<string, unknown>;
  /** Runs inside the transaction that inserts the `sending` row (links a media file to it, say). */
  withRow?: (tx: DbOrTx, messageId: string) => Promise<void>;
  config?: SendConfig;
  now?: Date;
}

/**
 * Exactly once per (instructor, idempotency key), for every kind of outbound message: the row is
 * inserted `sending` with the key (unique per instructor) and committed before the HTTP call; a second
 * submit with the same key finds that row and sends nothing. deliverOutboundMessage then makes the
 * one Graph call and records sent | failed | unknown (a crash leaves `sending`, which the sweep turns
 * into `unknown`, never resent).
 */
export async function submitOutboundOnce({
  instructorId,
  userId,
  conversationId,
  idempotencyKey,
  body,
  row,
  message,
  requiresOpenWindow,
  auditAction,
  auditData,
  withRow,
  config = sendConfigFromEnv(),
  now = new Date(),
}: SubmitOutboundOnceArgs): Promise<SendReplyResult> {
  if (!isUuid(conversationId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const key = idempotencyKey.trim();
  if (!key || key.length > 200)
    return { kind: "invalid", message: "A reply needs an idempotency key of 1 to 200 characters." };

  const [found] = await db
    .select({ conversation: conversations, phoneNumberId: instructors.whatsappPhoneNumberId })
    .from(conversations)
    .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .limit(1);
  if (!found) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const { conversation, phoneNumberId } = found;

  // A repeated submit answers with the first one's outcome, whatever the window or config says now.
  const earlier = await findByKey({ instructorId, key });
  if (earlier) return alreadySubmitted({ earlier, conversationId, body });

  if (conversation.channel !== "whatsapp")
    return { kind: "invalid", message: "Only WhatsApp conversations can be answered from here." };
  if (requiresOpenWindow) {
    const window = customerServiceWindow({ lastInboundAt: conversation.lastInboundAt, now });
    if (!window.open) return { kind: "window_closed", closesAt: window.closesAt, message: WINDOW_CLOSED_MESSAGE };
  }
  const to = recipientFor(conversation);
  if (!to) return { kind: "invalid", message: NO_RECIPIENT_MESSAGE };
  if (!config.accessToken || !phoneNumberId) {
    return {
      kind: "not_configured",
      message: !config.accessToken
        ? "Not sent: WhatsApp sending is not configured."
        : "Not sent: this account has no WhatsApp business number configured.",
    };
  }

  const insertedId = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(messages)
      .values({
        ...sendingTextMessage({ instructorId, conversationId, userId, body, now }),
        ...row,
        idempotencyKey: key,
      })
      .onConflictDoNothing({ target: [messages.instructorId, messages.idempotencyKey] })
      .returning({ id: messages.id });
    if (!inserted) return null;
    if (withRow) await withRow(tx, inserted.id);
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: auditAction,
      entityType: "message",
      entityId: inserted.id,
      data: { conversationId, idempotencyKey: key, ...auditData },
    });
    return inserted.id;
  });

  if (!insertedId) {
    // Lost the race to a concurrent submit with the same key: that one sends, this one reports it.
    const winner = await findByKey({ instructorId, key });
    if (!winner) throw new Error("idempotency key conflict without a stored message");
    return alreadySubmitted({ earlier: winner, conversationId, body });
  }

  return deliverOutboundMessage({
    instructorId,
    userId,
    conversationId,
    outboundMessageId: insertedId,
    draftId: null,
    phoneNumberId,
    to,
    body,
    message,
    config: { ...config, accessToken: config.accessToken },
  });
}

async function findByKey({ instructorId, key }: { instructorId: string; key: string }) {
  const [row] = await db
    .select({ id: messages.id, conversationId: messages.conversationId, body: messages.body, status: messages.status })
    .from(messages)
    .where(and(eq(messages.instructorId, instructorId), eq(messages.idempotencyKey, key)))
    .limit(1);
  return row ?? null;
}

function alreadySubmitted({
  earlier,
  conversationId,
  body,
}: {
  earlier: NonNullable<Awaited<ReturnType<typeof findByKey>>>;
  conversationId: string;
  body: string;
}): SendReplyResult {
  if (earlier.conversationId !== conversationId || earlier.body !== body) {
    return { kind: "conflict", state: null, message: "This idempotency key was already used for a different message." };
  }
  const message =
    earlier.status === "sending"
      ? "Already submitted: this reply is being sent."
      : earlier.status === "failed"
        ? "Already submitted: this reply failed to send. Write it again to retry."
        : earlier.status === "unknown"
          ? "Already submitted: this reply may or may not have been sent; it is not sent again."
          : "Already submitted: this reply was sent once.";
  return { kind: "already_submitted", outboundMessageId: earlier.id, status: earlier.status, message };
}
