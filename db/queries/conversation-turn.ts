import "server-only";
/**
 * The conversation's open turn (PRODUCT.md "Turn"): the inbound messages since the last outbound message,
 * or since the instructor rejected (dismissed) the turn's draft. Everything is ordered on WhatsApp's
 * clock — the message's own time (`sent_at`; for an outbound message not sent yet, when it was written) —
 * with storage order only as the tie-break, so a message re-delivered late still sorts where it was sent.
 */
import { sql, type SQL } from "drizzle-orm";
import { db as defaultDb, rowsOf, type DbOrTx } from "@/db";

/** WhatsApp's clock for a row of `messages` aliased `alias`. */
export function messageTime(alias: string): SQL {
  return sql.raw(`coalesce(${alias}.sent_at, ${alias}.created_at)`);
}

export interface TurnMessageRow {
  id: string;
  direction: "inbound" | "outbound";
  type: string;
  body: string | null;
  /** WhatsApp's time of the message. */
  at: Date;
  createdAt: Date;
}

export interface OpenTurn {
  /** Inbound messages of the open turn, oldest first (empty when the instructor has answered). */
  turn: TurnMessageRow[];
  /** Messages before the turn, oldest first (at most `historyLimit`). */
  history: TurnMessageRow[];
}

interface RawRow {
  id: string;
  direction: "inbound" | "outbound";
  type: string;
  body: string | null;
  at: string | Date;
  created_at: string | Date;
  in_turn: boolean;
}

const toRow = (r: RawRow): TurnMessageRow => ({
  id: r.id,
  direction: r.direction,
  type: r.type,
  body: r.body,
  at: new Date(r.at),
  createdAt: new Date(r.created_at),
});

/**
 * The turn's boundary is the newest of: an outbound message that was not a definite failure, and the
 * newest message a rejected draft covered. One round trip for turn and history.
 */
export async function loadOpenTurn(
  {
    instructorId,
    conversationId,
    historyLimit = 10,
  }: { instructorId: string; conversationId: string; historyLimit?: number },
  database: DbOrTx = defaultDb,
): Promise<OpenTurn> {
  const rows = rowsOf<RawRow>(
    await database.execute(sql`
      with boundary as (
        select ${messageTime("m")} as t, m.created_at as c from messages m
        where m.conversation_id = ${conversationId} and m.instructor_id = ${instructorId}
          and m.direction = 'outbound' and m.status is distinct from 'failed'
        union all
        select ${messageTime("m")}, m.created_at from drafts d join messages m on m.id = d.message_id
        where d.conversation_id = ${conversationId} and d.instructor_id = ${instructorId} and d.state = 'rejected'
        order by 1 desc, 2 desc
        limit 1
      ), turn as (
        select m.id, m.direction, m.type, m.body, ${messageTime("m")} as at, m.created_at, true as in_turn
        from messages m
        where m.conversation_id = ${conversationId} and m.instructor_id = ${instructorId} and m.direction = 'inbound'
          and (not exists (select 1 from boundary)
               or (${messageTime("m")}, m.created_at) > (select t, c from boundary))
      ), history as (
        select m.id, m.direction, m.type, m.body, ${messageTime("m")} as at, m.created_at, false as in_turn
        from messages m
        where m.conversation_id = ${conversationId} and m.instructor_id = ${instructorId}
          and not exists (select 1 from turn where turn.id = m.id)
        order by ${messageTime("m")} desc, m.created_at desc, m.id desc
        limit ${historyLimit}
      )
      select * from turn union all select * from history
      order by at, created_at, id`),
  );
  return { turn: rows.filter((r) => r.in_turn).map(toRow), history: rows.filter((r) => !r.in_turn).map(toRow) };
}

/** For a drafts row's basis message: is it part of the given turn? */
export function turnIncludes(turn: TurnMessageRow[], messageId: string): boolean {
  return turn.some((m) => m.id === messageId);
}
