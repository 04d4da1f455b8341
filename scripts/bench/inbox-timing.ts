/**
 * Inbox-at-scale timings: the real query functions (db/queries) in this process, the JSON API over HTTP
 * (signed in like the browser), and EXPLAIN (ANALYZE, BUFFERS) of the list query. Imported after
 * DATABASE_URL points at the bench database.
 */
import type postgres from "postgres";
import { listConversations } from "@/db/queries/conversations";
import { encodeCursor, encodeThreadCursor } from "@/lib/pagination/keyset-cursor";
import { getThread, getThreadMessages, THREAD_PAGE_SIZE } from "@/db/queries/threads";
import { round, timeIt } from "./stats";

const LIST_PAGE_SIZE = 30;
const ITERATIONS = Number(process.env.BENCH_INBOX_ITERATIONS ?? 60);

/** The list query of listConversations (db/queries/conversations.ts), written out for EXPLAIN. */
const LIST_SQL = (withCursor: boolean) => `
  select c.id, c.display_name, c.external_identity, c.wa_id, c.last_message_at, c.last_message_at::text,
         c.last_message_preview, c.unread_count, c.attention, c.attention_reason,
         (select d.state from drafts d where d.conversation_id = c.id and d.instructor_id = c.instructor_id order by d.created_at desc, d.id desc limit 1),
         (select d.decision from drafts d where d.conversation_id = c.id and d.instructor_id = c.instructor_id order by d.created_at desc, d.id desc limit 1)
  from conversations c
  where c.instructor_id = $1 ${withCursor ? "and (c.last_message_at, c.id) < ($2::timestamptz, $3::uuid)" : ""}
  order by c.last_message_at desc, c.id desc
  limit ${LIST_PAGE_SIZE + 1}`;

function summarizePlan(lines: string[]) {
  const text = lines.join("\n");
  return {
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN),
    planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN),
    indexesUsed: [...new Set([...text.matchAll(/Index (?:Only )?Scan(?: Backward)? using (\w+)/g)].map((m) => m[1]!))],
    seqScans: [...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!),
    sortNodes: [...text.matchAll(/((?:Incremental )?Sort)\b/g)].length,
    topNode: lines[0]?.trim() ?? "",
    plan: text,
  };
}

export async function timeInbox({
  sql,
  baseUrl,
  instructorId,
  email,
  password,
  conversationId,
}: {
  sql: postgres.Sql;
  baseUrl: string;
  instructorId: string;
  email: string;
  password: string;
  conversationId: string;
}) {
  // Cursors found once, then the keyset query is what gets timed.
  const [countRow] = await sql<
    { total: number }[]
  >`select count(*)::int as total from conversations where instructor_id = ${instructorId}`;
  const total = countRow!.total;
  // Page 1000 (or the last full page of a smaller seed).
  const deepPage = Math.min(1000, Math.floor(total / LIST_PAGE_SIZE));
  const [listRow] = await sql<{ t: string; id: string }[]>`
    select last_message_at::text as t, id::text from conversations where instructor_id = ${instructorId}
    order by last_message_at desc, id desc offset ${(deepPage - 1) * LIST_PAGE_SIZE - 1} limit 1`;
  const page1000Cursor = encodeCursor({ t: listRow!.t, id: listRow!.id });
  const deepOffset = 9_900;
  // The thread pages on WhatsApp's clock: (sent time, stored time, id).
  const [threadRow] = await sql<{ t: string; c: string; id: string }[]>`
    select coalesce(sent_at, created_at)::text as t, created_at::text as c, id::text from messages where conversation_id = ${conversationId}
    order by coalesce(sent_at, created_at) desc, created_at desc, id desc offset ${deepOffset - 1} limit 1`;
  const threadDeepCursor = encodeThreadCursor({ t: threadRow!.t, c: threadRow!.c, id: threadRow!.id });

  // Sanity: the pages are full and the cursors land where they should.
  const page1 = await listConversations({ instructorId, limit: LIST_PAGE_SIZE });
  const page1000 = await listConversations({ instructorId, cursor: page1000Cursor, limit: LIST_PAGE_SIZE });
  const deep = await getThreadMessages({ instructorId, conversationId, cursor: threadDeepCursor });
  if (
    page1.items.length !== LIST_PAGE_SIZE ||
    page1000.items.length !== LIST_PAGE_SIZE ||
    deep.messages.length !== THREAD_PAGE_SIZE
  ) {
    throw new Error(`inbox pages not full: ${page1.items.length}, ${page1000.items.length}, ${deep.messages.length}`);
  }
  // A cursor the query refuses would silently give page 1 again: make sure the deep pages really are deep.
  if (page1000.items[0]!.id !== listRow!.id && page1000.items[0]!.id === page1.items[0]!.id)
    throw new Error("the page-1000 cursor was not applied");
  const newest = await getThreadMessages({ instructorId, conversationId });
  if (deep.messages.at(-1)!.id === newest.messages.at(-1)!.id)
    throw new Error("the deep thread cursor was not applied");

  const opts = { iterations: ITERATIONS, warmup: 5 };
  const functions = {
    "list page 1": await timeIt(() => listConversations({ instructorId, limit: LIST_PAGE_SIZE }), opts),
    "list page 1000 (keyset)": await timeIt(
      () => listConversations({ instructorId, cursor: page1000Cursor, limit: LIST_PAGE_SIZE }),
      opts,
    ),
    "thread: getThread (newest 50)": await timeIt(() => getThread({ instructorId, conversationId }), opts),
    "thread: messages page 1": await timeIt(() => getThreadMessages({ instructorId, conversationId }), opts),
    "thread: messages deep (9 900)": await timeIt(
      () => getThreadMessages({ instructorId, conversationId, cursor: threadDeepCursor }),
      opts,
    ),
  };

  // HTTP: sign in as the browser does (Origin checked by better-auth), then the inbox JSON API.
  const signIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    await response.arrayBuffer();
  };
  const paths = {
    "GET /api/conversations": "/api/conversations",
    "GET /api/conversations?cursor=p1000": `/api/conversations?cursor=${page1000Cursor}`,
    "GET /api/conversations/:id": `/api/conversations/${conversationId}`,
    "GET …/:id/messages?cursor=deep": `/api/conversations/${conversationId}/messages?cursor=${threadDeepCursor}`,
    "GET /api/health/live (floor)": "/api/health/live",
  };
  const http: Record<string, Awaited<ReturnType<typeof timeIt>>> = {};
  for (const [name, path] of Object.entries(paths)) http[name] = await timeIt(() => get(path), opts);

  // EXPLAIN (ANALYZE, BUFFERS) of the two list queries (index use, rows read).
  const explain = async (withCursor: boolean) => {
    const params = withCursor ? [instructorId, listRow!.t, listRow!.id] : [instructorId];
    const rows = await sql.unsafe<{ "QUERY PLAN": string }[]>(
      `explain (analyze, buffers) ${LIST_SQL(withCursor)}`,
      params,
    );
    return summarizePlan(rows.map((r) => r["QUERY PLAN"]));
  };
  const explainThread = async () => {
    const rows = await sql.unsafe<{ "QUERY PLAN": string }[]>(
      `explain (analyze, buffers) select m.*, d.state from messages m left join drafts d on d.message_id = m.id and d.instructor_id = m.instructor_id
       where m.instructor_id = $1 and m.conversation_id = $2 and (m.created_at, m.id) < ($3::timestamptz, $4::uuid)
       order by m.created_at desc, m.id desc limit ${THREAD_PAGE_SIZE + 1}`,
      [instructorId, conversationId, threadRow!.t, threadRow!.id],
    );
    return summarizePlan(rows.map((r) => r["QUERY PLAN"]));
  };
  const plans = {
    listPage1: await explain(false),
    listPage1000: await explain(true),
    threadDeep: await explainThread(),
  };

  const fnP95 = Object.values(functions).map((t) => t.p95Ms);
  return {
    iterations: ITERATIONS,
    listPageSize: LIST_PAGE_SIZE,
    deepListPage: deepPage,
    threadPageSize: THREAD_PAGE_SIZE,
    functions,
    http,
    plans,
    worstFunctionP95Ms: Math.max(...fnP95),
    deepOverFirstRatio: round(functions["list page 1000 (keyset)"].medianMs / functions["list page 1"].medianMs, 2),
    httpDeepOverFirstRatio: round(
      http["GET /api/conversations?cursor=p1000"]!.medianMs / http["GET /api/conversations"]!.medianMs,
      2,
    ),
  };
}
