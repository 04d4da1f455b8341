import "server-only";
import type { DbOrTx } from "@/db";
import { auditEvents } from "@/db/schema";

export interface AuditEventInput {
  instructorId: string;
  /** The signed-in user who acted; null for the system (e.g. a status webhook). */
  actorUserId: string | null;
  /** Dotted action name: "draft.approved", "message.sent", "customer.created", "settings.changed"... */
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/** CM-2.5: append one audit event. Pass the transaction that makes the change, so both commit together. */
export async function recordAuditEvent(dbOrTx: DbOrTx, event: AuditEventInput): Promise<void> {
  await dbOrTx.insert(auditEvents).values({
    instructorId: event.instructorId,
    actorUserId: event.actorUserId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    data: event.data ?? null,
  });
}
