import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { db as defaultDb, type DbOrTx } from "@/db";
import { unroutableInbound, type UnroutableInbound } from "@/db/schema";
import type { QuarantineKind } from "@/lib/vocabulary";

/**
 * TA-3: a message whose `phone_number_id` maps to no instructor (instructor context missing) is kept
 * raw, so nothing is lost and it can be replayed once the number is mapped. Idempotent on the message
 * id: WhatsApp's retries of the same delivery add nothing.
 */
export async function recordUnroutableInbound(
  args: { phoneNumberId: string | null; externalMessageId: string; value: unknown; message: unknown },
  dbOrTx: DbOrTx = defaultDb,
): Promise<{ recorded: boolean }> {
  const rows = await dbOrTx
    .insert(unroutableInbound)
    .values({
      phoneNumberId: args.phoneNumberId,
      externalMessageId: args.externalMessageId,
      value: args.value,
      message: args.message,
    })
    .onConflictDoNothing({ target: unroutableInbound.externalMessageId })
    .returning({ id: unroutableInbound.id });
  return { recorded: rows.length > 0 };
}

/**
 * The quarantine: a broken item of a delivery (`invalid_item`) or a whole delivery whose ingestion threw
 * (`failed_delivery`), kept raw beside the unroutable messages, never in conversations or messages.
 * Idempotent on a hash of the raw content, so WhatsApp's retries of the same body add nothing.
 */
export async function recordQuarantined(
  args: {
    kind: Exclude<QuarantineKind, "unroutable">;
    reason: string;
    phoneNumberId: string | null;
    value: unknown;
    message: unknown | null;
  },
  dbOrTx: DbOrTx = defaultDb,
): Promise<{ recorded: boolean }> {
  const digest = createHash("sha256")
    .update(JSON.stringify([args.kind, args.phoneNumberId, args.value, args.message]))
    .digest("hex");
  const rows = await dbOrTx
    .insert(unroutableInbound)
    .values({
      kind: args.kind,
      reason: args.reason.slice(0, 1000),
      phoneNumberId: args.phoneNumberId,
      externalMessageId: `${args.kind}:${digest}`,
      value: args.value ?? {},
      message: args.message ?? null,
    })
    .onConflictDoNothing({ target: unroutableInbound.externalMessageId })
    .returning({ id: unroutableInbound.id });
  return { recorded: rows.length > 0 };
}

/** Unroutable messages, oldest first; by default only those not replayed yet. */
export async function listUnroutableInbound(
  args: { includeReplayed?: boolean; phoneNumberId?: string; kind?: QuarantineKind; limit?: number } = {},
  dbOrTx: DbOrTx = defaultDb,
): Promise<UnroutableInbound[]> {
  return dbOrTx
    .select()
    .from(unroutableInbound)
    .where(
      and(
        args.includeReplayed ? undefined : isNull(unroutableInbound.replayedAt),
        args.phoneNumberId ? eq(unroutableInbound.phoneNumberId, args.phoneNumberId) : undefined,
        args.kind ? eq(unroutableInbound.kind, args.kind) : undefined,
      ),
    )
    .orderBy(asc(unroutableInbound.createdAt), asc(unroutableInbound.id))
    .limit(args.limit ?? 1000);
}

export async function markUnroutableInboundReplayed(id: string, dbOrTx: DbOrTx = defaultDb): Promise<void> {
  await dbOrTx.update(unroutableInbound).set({ replayedAt: new Date() }).where(eq(unroutableInbound.id, id));
}
