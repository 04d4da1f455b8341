import "server-only";
import { sql } from "drizzle-orm";
import { db, rowsOf } from "@/db";
import { DRAFT_TURN_JOB } from "./draft-turn-job-kind";
import { enqueueTurnDraft } from "./enqueue-turn-draft";

export interface SweepPendingDraftsArgs {
  /** Sweep one tenant only (tests, operations); default: every instructor. */
  instructorId?: string;
  /** At most this many conversations per sweep. */
  limit?: number;
  /** A message younger than this is left to the job its own ingestion queued. */
  graceMs?: number;
  /** Messages older than this are not looked at any more (no draft can be sent outside the 24 h window). */
  horizonMs?: number;
}

/**
 * The safety net behind the queue (TA-3 partial ingestion): a conversation whose newest inbound message
 * was never looked at by the drafter — no draft made for it, no job waiting or running, no job finished
 * since it was stored (messages written before the queue existed, a job deleted by hand) — is queued again.
 * Running the job is the queue's business; this only enqueues, so it is cheap and safe on every instance.
 */
export async function sweepPendingDrafts({
  instructorId,
  limit = 100,
  graceMs = 15_000,
  horizonMs = 48 * 60 * 60_000,
}: SweepPendingDraftsArgs = {}): Promise<{ enqueued: number }> {
  const tenant = instructorId ? sql`and c.instructor_id = ${instructorId}` : sql``;
  const rows = rowsOf<{ id: string; instructor_id: string }>(
    await db.execute(sql`
      select c.id, c.instructor_id from conversations c
      cross join lateral (
        select m.id, m.created_at from messages m
        where m.conversation_id = c.id and m.direction = 'inbound'
        order by coalesce(m.sent_at, m.created_at) desc, m.created_at desc, m.id desc limit 1
      ) newest
      where c.last_inbound_at > now() - (${horizonMs}::double precision * interval '1 millisecond')
        and newest.created_at < now() - (${graceMs}::double precision * interval '1 millisecond')
        and not exists (select 1 from drafts d where d.message_id = newest.id)
        and not exists (select 1 from jobs j where j.kind = ${DRAFT_TURN_JOB} and j.key = c.id::text
          and (j.state in ('queued', 'running') or j.updated_at >= newest.created_at))
        ${tenant}
      limit ${limit}`),
  );
  for (const row of rows) await enqueueTurnDraft({ instructorId: row.instructor_id, conversationId: row.id });
  return { enqueued: rows.length };
}
