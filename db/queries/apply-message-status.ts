import "server-only";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { db as defaultDb, type DbOrTx } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { drafts, messages, parkedStatuses } from "@/db/schema";
import { failedStatusMessage } from "@/lib/whatsapp/graph-errors";
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

export type ApplyMessageStatusOutcome = "applied" | "not_forward" | "parked" | "unknown_status";

/** A parked status older than this is dropped: no send takes a day to learn its own wamid. */
export const PARKED_STATUS_TTL_MS = 24 * 60 * 60 * 1000;

type Tx = Parameters<Parameters<DbOrTx["transaction"]>[0]>[0];

/**
 * Serializes "a status looks for its wamid" with "a send records its wamid": whichever comes second sees
 * the other's commit, so a status is either applied or parked where the send will find it.
 */
export async function lockWamid(tx: Tx, instructorId: string, wamid: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`wamid:${instructorId}:${wamid}`}))`);
}

/** Moves one outbound row forward (never back); a failure also marks its draft send_failed, in plain words. */
async function applyToRow(
  tx: Tx,
  row: { id: string; status: string | null; conversationId: string },
  args: ApplyMessageStatusArgs,
): Promise<"applied" | "not_forward"> {
  const next = args.status;
  if (!isWebhookStatusName(next) || !shouldApplyStatus({ current: row.status as never, next })) return "not_forward";
  const failure = next === "failed" ? failedStatusMessage(args.errors) : null;
  const statusError = failure
    ? { errors: args.errors ?? [], message: failure.message, kind: failure.state.kind, code: failure.state.code }
    : null;
  await tx
    .update(messages)
    .set({ status: next, statusError, statusUpdatedAt: args.occurredAt })
    .where(eq(messages.id, row.id));
  if (failure) {
    // The draft panel said Sent: it must now say what happened and let the instructor act again.
    await tx
      .update(drafts)
      .set({ state: "send_failed", error: failure.message, updatedAt: new Date() })
      .where(
        and(eq(drafts.instructorId, args.instructorId), eq(drafts.outboundMessageId, row.id), eq(drafts.state, "sent")),
      );
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
}

/**
 * A WhatsApp status for a message we sent: moves the outbound `messages` row forward only (see
 * lib/whatsapp/status-order.ts), stores `errors` of a failed status with a plain-words message in
 * `status_error`, marks the draft send_failed and records an audit event (actor: the system) for the
 * failure. A status for a wamid we do not know yet is parked (the send may not have committed it yet)
 * and applied by applyParkedStatuses. Scoped to the instructor the status was routed to.
 */
export async function applyMessageStatus(
  args: ApplyMessageStatusArgs,
  dbOrTx: DbOrTx = defaultDb,
): Promise<ApplyMessageStatusOutcome> {
  if (!isWebhookStatusName(args.status)) return "unknown_status";
  return dbOrTx.transaction(async (tx) => {
    await lockWamid(tx, args.instructorId, args.externalMessageId);
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
    if (row) return applyToRow(tx, row, args);
    await tx
      .insert(parkedStatuses)
      .values({
        instructorId: args.instructorId,
        externalMessageId: args.externalMessageId,
        status: args.status,
        occurredAt: args.occurredAt,
        errors: args.errors ?? null,
        recipientId: args.recipientId ?? null,
      })
      .onConflictDoNothing();
    return "parked";
  });
}

/**
 * Inside the transaction that gives an outbound row its wamid (after lockWamid): apply the statuses that
 * arrived first, in the order they happened, and drop them. Expired ones are ignored (and swept).
 */
export async function applyParkedStatuses(
  tx: Tx,
  args: { instructorId: string; wamid: string; messageId: string; now?: Date },
): Promise<number> {
  const now = args.now ?? new Date();
  const where = and(
    eq(parkedStatuses.instructorId, args.instructorId),
    eq(parkedStatuses.externalMessageId, args.wamid),
  );
  const parked = await tx
    .select()
    .from(parkedStatuses)
    .where(and(where, gte(parkedStatuses.createdAt, new Date(now.getTime() - PARKED_STATUS_TTL_MS))))
    .orderBy(asc(parkedStatuses.occurredAt));
  let applied = 0;
  for (const status of parked) {
    const [row] = await tx
      .select({ id: messages.id, status: messages.status, conversationId: messages.conversationId })
      .from(messages)
      .where(eq(messages.id, args.messageId))
      .limit(1);
    if (!row) break;
    const outcome = await applyToRow(tx, row, {
      instructorId: args.instructorId,
      externalMessageId: args.wamid,
      status: status.status,
      occurredAt: status.occurredAt,
      errors: status.errors ?? undefined,
      recipientId: status.recipientId,
    });
    if (outcome === "applied") applied += 1;
  }
  await tx.delete(parkedStatuses).where(where);
  return applied;
}

/** Drops parked statuses older than a day (their send never got that wamid). */
export async function expireParkedStatuses(args: { now?: Date } = {}, dbOrTx: DbOrTx = defaultDb): Promise<number> {
  const cutoff = new Date((args.now ?? new Date()).getTime() - PARKED_STATUS_TTL_MS);
  const rows = await dbOrTx
    .delete(parkedStatuses)
    .where(lt(parkedStatuses.createdAt, cutoff))
    .returning({ id: parkedStatuses.id });
  return rows.length;
}
