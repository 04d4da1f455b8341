/**
 * A small durable job queue on our own `jobs` table, for background work that must never be lost
 * (drafting a conversation's turn, fetching media, sending a push…).
 *
 * Why ours and not a library: pg-boss 12 (which runs on PGlite) needs Node ≥ 22.12 and graphile-worker
 * needs Node ≥ 22.18 and has no PGlite support, while this product's floor is Node 20 and its zero-config
 * database is PGlite. What we need is small, so it stays in this one file:
 * - enqueue in the caller's transaction or statement (an outbox row: the job exists iff its cause committed);
 *   `(kind, key)` is unique, and enqueueing a key again coalesces: a queued job stays one job, a running
 *   one runs once more after it ends (`rerun`), a finished one is queued again;
 * - an enqueue may be debounced: the job waits `delayMs` for more of the same key, each later debounced
 *   enqueue pushes it out again, never past `maxDelayMs` after the first (`run_by`); a plain enqueue of a
 *   waiting job still makes it due at once. (A customer's "Hallo!" and then the question: drafted once.)
 * - workers claim with `FOR UPDATE SKIP LOCKED` (several processes cooperate) under a lease: a job whose
 *   worker died is taken over when the lease runs out; a finished run only counts while it holds the lease;
 * - a failing job is retried with exponential backoff, then left `failed` with its last error;
 * - workers are woken at once: `pg_notify` inside the enqueueing statement (PostgreSQL delivers it at
 *   commit; PGlite delivers it in-process) plus an in-process wake; a slow poll is the safety net. The
 *   notification carries the job's due time: a worker sets a timer for a job not due yet (rounded up to
 *   WAKE_SLOT_MS, so a stream of debounced jobs is claimed in batches, not one claim per message), and
 *   every claim also answers when the next waiting job is due.
 */
import "server-only";
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { db as defaultDb, getDbHandle, rowsOf, type DbOrTx } from "@/db";
import { logger } from "@/server/logger";
import { scrubText } from "@/lib/redact";

export const JOBS_CHANNEL = "inbox_jobs";

export interface EnqueueJobArgs {
  kind: string;
  key: string;
  payload?: Record<string, unknown>;
  /** Not before this time; default now. */
  runAt?: Date;
  maxAttempts?: number;
  /**
   * Wait `delayMs` for more of the same key before running (ignored when 0); a later debounced enqueue
   * of the waiting job pushes it `delayMs` out again, never later than `maxDelayMs` after the first.
   */
  debounce?: { delayMs: number; maxDelayMs: number };
}

export interface JobContext {
  id: string;
  kind: string;
  key: string;
  attempt: number;
  maxAttempts: number;
}

export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<void>;

export interface JobHandlerOptions {
  /**
   * Delete the row when the job succeeds instead of keeping it `done` for a week: for a kind with one
   * row per event whose payload is customer data already stored elsewhere (a webhook delivery once filed).
   */
  deleteWhenDone?: boolean;
}

// Handlers and the in-process wake live on globalThis: Next may load this module in several bundles.
const shared = globalThis as unknown as {
  __inboxJobHandlers?: Map<string, JobHandler>;
  __inboxJobHandlerOptions?: Map<string, JobHandlerOptions>;
  __inboxJobWake?: EventEmitter;
};
const handlers = (shared.__inboxJobHandlers ??= new Map());
const handlerOptions = (shared.__inboxJobHandlerOptions ??= new Map());
const wakeEvents = (shared.__inboxJobWake ??= new EventEmitter().setMaxListeners(100));

export function registerJobHandler(kind: string, handler: JobHandler, options: JobHandlerOptions = {}): void {
  handlers.set(kind, handler);
  handlerOptions.set(kind, options);
}

/** The kinds registered in this process (a worker for "every kind but …"). */
export function registeredJobKinds(): string[] {
  return [...handlers.keys()];
}

/**
 * Wake this process's workers (after a commit, or on PGlite where everything is in-process): now, or at
 * `dueAt` (epoch ms) for a job that is not due yet; with `kind`, only the workers that run that kind.
 */
export function wakeJobWorkers(dueAt?: number, kind?: string): void {
  wakeEvents.emit("wake", dueAt, kind);
}

/** When a job enqueued now with this debounce is due (epoch ms; undefined: at once), for wakeJobWorkers. */
export function debouncedDueAt(debounce: EnqueueJobArgs["debounce"]): number | undefined {
  return debounce && debounce.delayMs > 0 ? Date.now() + debounce.delayMs : undefined;
}

const millis = (ms: number) => sql`(${ms}::double precision * interval '1 millisecond')`;

/**
 * The INSERT of a job as SQL, to put in the caller's own statement (a data-modifying CTE) or run alone.
 * `from`: a CTE name; the job is then inserted once per row of it (none when it is empty). RETURNING id.
 */
export function jobInsertSql(args: EnqueueJobArgs, from?: SQL, computed: { key?: SQL; payload?: SQL } = {}): SQL {
  // `computed`: key and payload as SQL expressions over `from`, for a statement that resolves them itself.
  const payload = computed.payload ?? sql`${JSON.stringify(args.payload ?? {})}::jsonb`;
  const key = computed.key ?? sql`${args.key}::text`;
  const debounce = args.debounce && args.debounce.delayMs > 0 ? args.debounce : null;
  const runAt = debounce
    ? sql`now() + ${millis(debounce.delayMs)}`
    : args.runAt
      ? sql`${args.runAt.toISOString()}::timestamptz`
      : sql`now()`;
  const runBy = debounce
    ? sql`now() + ${millis(Math.max(debounce.delayMs, debounce.maxDelayMs))}`
    : sql`null::timestamptz`;
  const values = sql`${args.kind}::text, ${key}, ${payload}, ${runAt}, ${runBy}, ${args.maxAttempts ?? 8}::integer`;
  const source = from ? sql`select ${values} from ${from}` : sql`values (${values})`;
  return sql`insert into jobs as j (kind, key, payload, run_at, run_by, max_attempts) ${source}
    on conflict (kind, key) do update set
      -- Coalescing a waiting job keeps its flags (a later plain enqueue does not drop an earlier {fresh: true}).
      payload = case when j.state in ('queued', 'running') then j.payload || excluded.payload else excluded.payload end,
      state = case when j.state = 'running' then 'running' else 'queued' end,
      rerun = (j.state = 'running'),
      -- A waiting job: a plain enqueue makes it due at once (the earlier time wins); a debounced one pushes
      -- it out to its own time, but never past the first debounced enqueue's run_by.
      run_at = case when j.state = 'queued' then
                      case when excluded.run_by is null then least(j.run_at, excluded.run_at)
                           else least(greatest(j.run_at, excluded.run_at), coalesce(j.run_by, excluded.run_by)) end
                    when j.state = 'running' then j.run_at else excluded.run_at end,
      run_by = case when j.state = 'queued' then coalesce(j.run_by, excluded.run_by)
                    when j.state = 'running' then j.run_by else excluded.run_by end,
      attempts = case when j.state in ('done', 'failed') then 0 else j.attempts end,
      last_error = case when j.state in ('done', 'failed') then null else j.last_error end,
      finished_at = null,
      updated_at = now()
    returning j.id, j.run_at`;
}

/**
 * NOTIFY for a statement that enqueued jobs (a CTE named `cte`, of jobInsertSql): a boolean column, true
 * when it enqueued any. The payload is `kind:due` (the job's run_at, epoch ms).
 */
export function jobNotifySql(cte: SQL, kind: string): SQL {
  return sql`exists (select 1 from ${cte} as q, lateral pg_notify(${JOBS_CHANNEL},
    ${kind}::text || ':' || floor(extract(epoch from q.run_at) * 1000)::bigint::text))`;
}

/** The due time (epoch ms) in a jobs notification's payload (`kind:due`); undefined for a bare `kind`. */
export function dueAtOfNotification(payload: string | undefined): number | undefined {
  const due = Number(payload?.slice(payload.lastIndexOf(":") + 1));
  return payload?.includes(":") && Number.isFinite(due) ? due : undefined;
}

/** The job kind in a jobs notification's payload (`kind:due`, or a bare `kind`; a kind may hold colons). */
export function kindOfNotification(payload: string | undefined): string | undefined {
  if (!payload) return undefined;
  return dueAtOfNotification(payload) === undefined ? payload : payload.slice(0, payload.lastIndexOf(":"));
}

/** Enqueue (or coalesce) a job, in the caller's transaction when given one. Workers wake at commit. */
export async function enqueueJob(dbOrTx: DbOrTx, args: EnqueueJobArgs): Promise<{ id: string }> {
  const [row] = rowsOf<{ id: string }>(
    await dbOrTx.execute(sql`with queued as (${jobInsertSql(args)})
      select (select id from queued) as id, ${jobNotifySql(sql`queued`, args.kind)} as notified`),
  );
  wakeJobWorkers(debouncedDueAt(args.debounce), args.kind);
  return { id: row!.id };
}

/** Retry delay after the given failed attempt: 1 s, 2 s, 4 s… capped at 5 min, ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

interface ClaimedJob {
  id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

interface ClaimScope {
  kinds: string[];
  /** Only these keys (tests sharing one database; an operator draining one conversation). */
  keys?: string[];
}

/**
 * Claims up to `limit` due jobs; also answers when the next waiting job of the scope is due (`nextAt`,
 * epoch ms, null when none waits), so a worker can set a timer instead of polling for debounced jobs.
 */
async function claimJobs(
  database: DbOrTx,
  { kinds, keys, limit, workerId, leaseMs }: ClaimScope & { limit: number; workerId: string; leaseMs: number },
): Promise<{ jobs: ClaimedJob[]; nextAt: number | null }> {
  if (kinds.length === 0 || limit <= 0 || keys?.length === 0) return { jobs: [], nextAt: null };
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const keyFilter = keys
    ? sql`and key in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const rows = rowsOf<ClaimedJob & { next_at: string | Date | null }>(
    await database.execute(sql`
      with next as (
        select id from jobs
        where kind in (${kindList}) ${keyFilter} and run_at <= now()
          and (state = 'queued' or (state = 'running' and locked_until < now()))
        order by run_at
        limit ${limit}
        for update skip locked
      ), claimed as (
        update jobs j set state = 'running', attempts = j.attempts + 1, locked_by = ${workerId},
          locked_until = now() + ${millis(leaseMs)}, run_by = null, updated_at = now()
        from next where j.id = next.id
        returning j.id, j.kind, j.key, j.payload, j.attempts, j.max_attempts
      )
      select id, kind, key, payload, attempts, max_attempts, null::timestamptz as next_at from claimed
      union all
      select null::uuid, null::text, null::text, null::jsonb, null::integer, null::integer,
        (select min(run_at) from jobs where kind in (${kindList}) ${keyFilter} and state = 'queued' and run_at > now())`),
  );
  const last = rows.at(-1)?.next_at;
  return { jobs: rows.filter((r) => r.id !== null), nextAt: last ? new Date(last).getTime() : null };
}

/** Runs one claimed job and records its outcome, only while this worker still holds it. */
async function runClaimedJob(
  database: DbOrTx,
  job: ClaimedJob,
  workerId: string,
): Promise<"done" | "retry" | "failed"> {
  const attempt = Number(job.attempts);
  const held = sql`id = ${job.id} and locked_by = ${workerId} and attempts = ${attempt} and state = 'running'`;
  const handler = handlers.get(job.kind);
  let error: unknown = handler ? null : new Error(`no handler for job kind ${job.kind}`);
  if (handler && attempt <= Number(job.max_attempts)) {
    try {
      await handler(job.payload ?? {}, {
        id: job.id,
        kind: job.kind,
        key: job.key,
        attempt,
        maxAttempts: Number(job.max_attempts),
      });
    } catch (caught) {
      error = caught;
    }
  } else if (handler) {
    error = new Error(`gave up after ${attempt - 1} attempts (the last one's worker stopped)`);
  }
  if (!error) {
    if (handlerOptions.get(job.kind)?.deleteWhenDone) {
      const deleted = rowsOf<{ id: string }>(
        await database.execute(sql`delete from jobs where ${held} and not rerun returning id`),
      );
      if (deleted.length > 0) return "done";
    }
    // Enqueued again while it ran: queue it once more, from a fresh attempt count.
    await database.execute(sql`update jobs set
        state = case when rerun then 'queued' else 'done' end, run_by = null,
        attempts = case when rerun then 0 else attempts end,
        run_at = case when rerun then now() else run_at end,
        finished_at = case when rerun then null else now() end,
        rerun = false, locked_by = null, locked_until = null, last_error = null, updated_at = now()
      where ${held}`);
    return "done";
  }
  // A failed query's message carries its parameters (customer data): keep the SQL, drop the values.
  const message = scrubText(error instanceof Error ? error.message : String(error)).slice(0, 1000);
  const giveUp = attempt >= Number(job.max_attempts);
  logger.warn({ err: error, jobId: job.id, kind: job.kind, attempt, giveUp }, "job failed");
  await database.execute(sql`update jobs set
      state = case when rerun then 'queued' when ${giveUp} then 'failed' else 'queued' end, run_by = null,
      attempts = case when rerun then 0 else attempts end,
      run_at = case when rerun then now() else now() + (${retryDelayMs(attempt)}::double precision * interval '1 millisecond') end,
      finished_at = case when rerun or not ${giveUp} then null else now() end,
      rerun = false, locked_by = null, locked_until = null, last_error = ${message}, updated_at = now()
    where ${held}`);
  return giveUp ? "failed" : "retry";
}

export interface DrainJobsResult {
  done: number;
  retried: number;
  failed: number;
}

/**
 * Runs due jobs in this call until none is left (scripts, tests, a one-shot worker); `concurrency` at a
 * time. Jobs waiting for a backoff are not waited for.
 */
export async function drainJobs({
  kinds = [...handlers.keys()],
  keys,
  concurrency = 4,
  leaseMs = 120_000,
  database = defaultDb,
}: {
  kinds?: string[];
  keys?: string[];
  concurrency?: number;
  leaseMs?: number;
  database?: DbOrTx;
} = {}): Promise<DrainJobsResult> {
  const workerId = `drain-${randomUUID()}`;
  const out: DrainJobsResult = { done: 0, retried: 0, failed: 0 };
  for (;;) {
    const { jobs: claimed } = await claimJobs(database, { kinds, keys, limit: concurrency, workerId, leaseMs });
    if (claimed.length === 0) return out;
    const results = await Promise.all(claimed.map((job) => runClaimedJob(database, job, workerId)));
    for (const r of results) out[r === "done" ? "done" : r === "retry" ? "retried" : "failed"] += 1;
  }
}

export interface JobWorker {
  readonly id: string;
  readonly active: number;
  stop(): Promise<void>;
}

/**
 * A worker's timer for a job not due yet is rounded up to a multiple of this: a stream of debounced jobs
 * (one per inbound message, each due a little later) is then claimed a few at a time, not one claim per
 * message and worker.
 */
export const WAKE_SLOT_MS = 100;

/**
 * A long-running worker in this process: up to `concurrency` jobs at a time, woken by NOTIFY / the
 * in-process wake (at once, or by a timer when the job is due later), polling every `pollMs` as a safety
 * net (and for jobs whose backoff has passed).
 */
export function startJobWorker({
  kinds,
  keys,
  concurrency = 8,
  pollMs = 2_000,
  leaseMs = 120_000,
  database = defaultDb,
}: {
  kinds?: string[];
  keys?: string[];
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  database?: DbOrTx;
} = {}): JobWorker {
  const workerId = `worker-${randomUUID()}`;
  let active = 0;
  let stopped = false;
  let filling = false;
  let again = false;
  const running = new Set<Promise<unknown>>();
  const kindsNow = () => kinds ?? [...handlers.keys()];
  // One timer, for the earliest known due time of a waiting job (rounded up to WAKE_SLOT_MS).
  let dueTimer: NodeJS.Timeout | null = null;
  let dueTimerAt = Infinity;
  const wakeAt = (at: number) => {
    if (stopped) return;
    const slot = Math.ceil(at / WAKE_SLOT_MS) * WAKE_SLOT_MS;
    if (slot >= dueTimerAt) return;
    if (dueTimer) clearTimeout(dueTimer);
    dueTimerAt = slot;
    dueTimer = setTimeout(
      () => {
        dueTimer = null;
        dueTimerAt = Infinity;
        void fill();
      },
      Math.max(0, slot - Date.now()),
    );
    dueTimer.unref();
  };

  const fill = async (): Promise<void> => {
    if (stopped) return;
    if (filling) {
      again = true;
      return;
    }
    filling = true;
    try {
      do {
        again = false;
        while (!stopped && active < concurrency) {
          const { jobs: claimed, nextAt } = await claimJobs(database, {
            kinds: kindsNow(),
            keys,
            limit: concurrency - active,
            workerId,
            leaseMs,
          });
          if (nextAt !== null) wakeAt(nextAt);
          if (claimed.length === 0) break;
          for (const job of claimed) {
            active += 1;
            const run = runClaimedJob(database, job, workerId)
              .catch((error) =>
                logger.warn({ err: error, jobId: job.id }, "job outcome not recorded; its lease will expire"),
              )
              .finally(() => {
                active -= 1;
                running.delete(run);
                void fill();
              });
            running.add(run);
          }
        }
      } while (again && !stopped);
    } catch (error) {
      logger.warn({ err: error }, "job worker could not claim; will try again");
    } finally {
      filling = false;
    }
  };

  // A wake for a job due later only sets the timer: no claim now that would find nothing. A wake for a
  // kind this worker does not run is ignored (each webhook delivery notifies the filing lane only).
  const onWake = (dueAt?: number, kind?: string) => {
    if (kind !== undefined && !kindsNow().includes(kind)) return;
    if (dueAt !== undefined && dueAt > Date.now() + WAKE_SLOT_MS) wakeAt(dueAt);
    else void fill();
  };
  wakeEvents.on("wake", onWake);
  const timer = setInterval(() => onWake(), pollMs);
  timer.unref();
  let unlisten: (() => Promise<unknown>) | null = null;
  void listenForJobs((payload) => onWake(dueAtOfNotification(payload), kindOfNotification(payload))).then((u) => {
    if (stopped) void u?.();
    else unlisten = u;
  });
  void fill();

  return {
    id: workerId,
    get active() {
      return active;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (dueTimer) clearTimeout(dueTimer);
      wakeEvents.off("wake", onWake);
      await unlisten?.();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** LISTEN on the jobs channel with the application's database client (both drivers support it). */
async function listenForJobs(onNotify: (payload?: string) => void): Promise<(() => Promise<unknown>) | null> {
  try {
    const handle = getDbHandle();
    const client = (handle.db as unknown as { $client: unknown }).$client;
    if (handle.kind === "postgres") {
      const pg = client as {
        listen(channel: string, fn: (payload?: string) => void): Promise<{ unlisten(): Promise<void> }>;
      };
      const sub = await pg.listen(JOBS_CHANNEL, onNotify);
      return () => sub.unlisten();
    }
    const lite = client as { listen(channel: string, fn: (payload?: string) => void): Promise<() => Promise<void>> };
    return await lite.listen(JOBS_CHANNEL, onNotify);
  } catch (error) {
    logger.warn({ err: error }, "job worker: LISTEN failed; polling only");
    return null;
  }
}

/** Finished jobs are kept a while for inspection, then deleted. */
export async function purgeFinishedJobs({
  olderThanMs = 7 * 24 * 3_600_000,
  database = defaultDb,
}: { olderThanMs?: number; database?: DbOrTx } = {}) {
  const rows = rowsOf<{ id: string }>(
    await database.execute(sql`delete from jobs where state = 'done'
      and finished_at < now() - (${olderThanMs}::double precision * interval '1 millisecond') returning id`),
  );
  return rows.length;
}
