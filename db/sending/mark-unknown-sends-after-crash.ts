import "server-only";
import { and, eq, inArray, lt } from "drizzle-orm";
import { db } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { drafts, messages } from "@/db/schema";
import { sendConfigFromEnv } from "./send-config";
import { UNKNOWN_OUTCOME_MESSAGE } from "./send-result";

export interface MarkUnknownSendsAfterCrashArgs {
  /** Rows `sending` for longer than this are orphans of a process that died mid-send. Default: send timeout + 60 s. */
  olderThanMs?: number;
  now?: Date;
}

/**
 * Crash recovery (run at start-up and with the periodic sweep): an outbound row still `sending` long
 * after any send could have finished belongs to a process that died between the Graph call and
 * recording its answer. It may or may not have been sent, so it becomes `unknown` (and its draft too).
 * It is NEVER resent. System action: audit actor null.
 */
export async function markUnknownSendsAfterCrash({
  olderThanMs = sendConfigFromEnv().timeoutMs + 60_000,
  now = new Date(),
}: MarkUnknownSendsAfterCrashArgs = {}): Promise<{ messageIds: string[] }> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  return db.transaction(async (tx) => {
    const stale = await tx
      .update(messages)
      .set({
        status: "unknown",
        statusUpdatedAt: now,
        statusError: {
          kind: "unknown",
          reason: "process_stopped",
          detail: "the server stopped before recording WhatsApp's answer",
          message: UNKNOWN_OUTCOME_MESSAGE,
        },
      })
      .where(and(eq(messages.direction, "outbound"), eq(messages.status, "sending"), lt(messages.createdAt, cutoff)))
      .returning({
        id: messages.id,
        instructorId: messages.instructorId,
        draftId: messages.draftId,
        conversationId: messages.conversationId,
      });
    for (const row of stale) {
      if (row.draftId) {
        await tx
          .update(drafts)
          .set({ state: "unknown", error: UNKNOWN_OUTCOME_MESSAGE, updatedAt: now })
          .where(and(eq(drafts.id, row.draftId), inArray(drafts.state, ["sending"])));
      }
      await recordAuditEvent(tx, {
        instructorId: row.instructorId,
        actorUserId: null,
        action: "message.send_unknown",
        entityType: "message",
        entityId: row.id,
        data: { draftId: row.draftId, conversationId: row.conversationId, reason: "process_stopped" },
      });
    }
    return { messageIds: stale.map((r) => r.id) };
  });
}
