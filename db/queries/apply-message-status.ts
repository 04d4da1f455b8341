import "server-only";
import { and, eq } from "drizzle-orm";
import { isGraphErrorPayload, mapGraphError } from "@/lib/whatsapp/graph-errors";
import { db as defaultDb, type DbOrTx } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { messages } from "@/db/schema";
import { isWebhookStatusName, shouldApplyStatus } from "@/lib/whatsapp/status-order";

export interface ApplyMessageStatusArgs {
  instructorId: string;
  /** The outbound message's wamid (`statuses[].id`). */
  externalMessageId: string;
  /** `statuses[].status`: sent, delivered, read, played, failed (anything else is ignored). */
  status: string;
  occurredAt: Date;
  /** `statuses[].errors`, for a failed status. */
  errors?: unknown[];
  recipientId?: string | null;
}

export type ApplyMessageStatusOutcome = "applied" | "not_forward" | "unknown_message" | "unknown_status";

/**
 * A WhatsApp status for a message we sent: moves the outbound `messages` row forward only (see
 * lib/whatsapp/status-order.ts), stores `errors` of a failed status in `status_error` and records an
 * audit event (actor: the system) for the failure. A status for a message we do not know changes
 * nothing (the caller logs it and answers 200). Scoped to the instructor the status was routed to.
 */
export async function applyMessageStatus(
  args: ApplyMessageStatusArgs,
  dbOrTx: DbOrTx = defaultDb,
): Promise<ApplyMessageStatusOutcome> {
  const next = args.status;
  if (!isWebhookStatusName(next)) return "unknown_status";
  return dbOrTx.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: messages.id, status: messages.status, conversationId: messages.conversationId })
      .from(messages)
      .where(
        and(
          eq(messages.instructorId, args.instructorId),
          eq(messages.channel, "whatsapp"),
          eq(messages.direction, "outbound"),
          eq(messages.externalMessageId, args.externalMessageId),
        ),
      )
      .for("update")
      .limit(1);
    if (!row) return "unknown_message";
    if (!shouldApplyStatus({ current: row.status, next })) return "not_forward";

    // A failed status carries Graph's error; keep it raw and add the plain-words reading the thread shows.
    const firstError = args.errors?.[0];
    const statusError =
      next === "failed" ? { errors: args.errors ?? [], ...(isGraphErrorPayload(firstError) ? { message: mapGraphError({ payload: firstError }).message.replace(/^Not sent: /, "") } : {}) } : null;
    await tx
      .update(messages)
      .set({ status: next, statusError, statusUpdatedAt: args.occurredAt })
      .where(eq(messages.id, row.id));
    if (next === "failed") {
      await recordAuditEvent(tx, {
        instructorId: args.instructorId,
        actorUserId: null,
        action: "message.failed",
        entityType: "message",
        entityId: row.id,
        data: {
          externalMessageId: args.externalMessageId,
          conversationId: row.conversationId,
          previousStatus: row.status,
          errors: args.errors ?? [],
        },
      });
    }
    return "applied";
  });
}
