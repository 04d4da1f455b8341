import "server-only";
import { sql } from "drizzle-orm";
import { db, rowsOf } from "@/db";
import { logger } from "@/lib/logger";
import {
  completeClaimedDraft,
  loadContext,
  runInboundDraftOrchestration,
  type OrchestrateInboundDraftResult,
  type OrchestrateOptions,
} from "./orchestrate-inbound-draft";

export interface SweepPendingDraftsArgs extends OrchestrateOptions {
  /** Sweep one tenant only (tests, operations); default: every instructor. */
  instructorId?: string;
  /** At most this many messages of each kind (missing / retried) per sweep. */
  limit?: number;
  /** A `pending` row older than this is taken to belong to a dead process and is re-claimed. */
  staleAfterMs?: number;
  /** A message younger than this is left to the webhook's own fire-and-forget run. */
  graceMs?: number;
  /** A failed row waits attempts × this before its next try. */
  retryBackoffMs?: number;
  /** After this many attempts a row stays `failed` (the inbox shows it; a human can still reply). */
  maxAttempts?: number;
  /** Messages older than this are not looked at any more (no draft can be sent outside the 24 h window). */
  horizonMs?: number;
}

export interface SweepPendingDraftsResult {
  /** Committed inbound messages that had no drafts row at all (the process died after commit). */
  missing: number;
  /** Failed or stale pending rows re-claimed and run again. */
  retried: number;
  /** Stale pending rows that had used up their attempts and were marked failed. */
  gaveUp: number;
  results: OrchestrateInboundDraftResult[];
  errors: number;
}

/**
 * TA-3 "partial ingestion" recovery: finds messages whose orchestration never ran or did not finish,
 * and runs it. Safe with several server instances: missing rows are claimed through the same unique key as
 * the webhook's run, retried rows with `for update skip locked` and the attempt number as a fencing token.
 */
export async function sweepPendingDrafts({
  limit = 25,
  staleAfterMs = 5 * 60_000,
  graceMs = 15_000,
  retryBackoffMs = 30_000,
  maxAttempts = 5,
  horizonMs = 48 * 60 * 60_000,
  instructorId,
  ...options
}: SweepPendingDraftsArgs = {}): Promise<SweepPendingDraftsResult> {
  const out: SweepPendingDraftsResult = { missing: 0, retried: 0, gaveUp: 0, results: [], errors: 0 };
  const tenantM = instructorId ? sql`and m.instructor_id = ${instructorId}` : sql``;
  const tenantD = instructorId ? sql`and instructor_id = ${instructorId}` : sql``;

  // 1. Inbound messages with no drafts row (any type: non-text ones get their "not a text message" row,
  //    so the sweep never sees them again).
  const missing = rowsOf<{ id: string; instructor_id: string }>(
    await db.execute(sql`
      select m.id, m.instructor_id from messages m
      where m.direction = 'inbound'
        and m.created_at < now() - (${graceMs}::double precision * interval '1 millisecond')
        and m.created_at > now() - (${horizonMs}::double precision * interval '1 millisecond')
        and not exists (select 1 from drafts d where d.message_id = m.id)
        ${tenantM}
      order by m.created_at
      limit ${limit}`),
  );
  for (const row of missing) {
    out.missing += 1;
    await run(out, () => runInboundDraftOrchestration({ instructorId: row.instructor_id, messageId: row.id }, options));
  }

  // 2. Stale pending rows that used up their attempts: stop, visibly.
  const gaveUp = rowsOf<{ id: string }>(
    await db.execute(sql`
      update drafts set state = 'failed', updated_at = now(),
        error = coalesce(error || '; ', '') || 'gave up after ' || attempts || ' attempts'
      where state = 'pending' and attempts >= ${maxAttempts} ${tenantD}
        and claimed_at < now() - (${staleAfterMs}::double precision * interval '1 millisecond')
      returning id`),
  );
  out.gaveUp = gaveUp.length;

  // 3. Failed rows (after a backoff) and stale pending rows: re-claim, one instance per row.
  const reclaimed = rowsOf<{ id: string; message_id: string; instructor_id: string; attempts: number }>(
    await db.execute(sql`
      with picked as (
        select id from drafts
        where attempts < ${maxAttempts} ${tenantD}
          and ((state = 'failed' and updated_at < now() - (${retryBackoffMs}::double precision * attempts * interval '1 millisecond'))
            or (state = 'pending' and claimed_at < now() - (${staleAfterMs}::double precision * interval '1 millisecond')))
        order by updated_at
        limit ${limit}
        for update skip locked
      )
      update drafts d set state = 'pending', attempts = d.attempts + 1, claimed_at = now(), updated_at = now()
      from picked where d.id = picked.id
      returning d.id, d.message_id, d.instructor_id, d.attempts`),
  );
  for (const row of reclaimed) {
    out.retried += 1;
    await run(out, async () => {
      const context = await loadContext({ instructorId: row.instructor_id, messageId: row.message_id });
      if (!context) return { outcome: "skipped", reason: "message not found" } as const;
      return completeClaimedDraft({ draftId: row.id, attempt: Number(row.attempts), context, options });
    });
  }
  return out;
}

async function run(out: SweepPendingDraftsResult, fn: () => Promise<OrchestrateInboundDraftResult>) {
  try {
    out.results.push(await fn());
  } catch (error) {
    // The row is already marked failed with its error; the next sweep retries it.
    out.errors += 1;
    logger.warn({ err: error }, "draft orchestration failed during sweep");
  }
}
