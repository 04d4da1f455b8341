/** The durable job queue (db/queue.ts): outbox semantics, coalescing, retries, leases, wake-up. */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import {
  drainJobs,
  enqueueJob,
  jobInsertSql,
  jobNotifySql,
  kindOfNotification,
  dueAtOfNotification,
  registerJobHandler,
  retryDelayMs,
  startJobWorker,
  type JobContext,
} from "@/db/queue";
import { jobs } from "@/db/schema";
import { jobRow, uniqueKind } from "../helpers/jobs";

describe("enqueueJob", () => {
  it("is an outbox row: a rolled-back transaction leaves no job, a committed one leaves exactly one", async () => {
    const kind = uniqueKind("outbox");
    await expect(
      db.transaction(async (tx) => {
        await enqueueJob(tx, { kind, key: "a", payload: { n: 1 } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await jobRow(kind, "a")).toBeUndefined();
    await db.transaction(async (tx) => {
      await enqueueJob(tx, { kind, key: "a", payload: { n: 2 } });
    });
    expect(await jobRow(kind, "a")).toMatchObject({ state: "queued", payload: { n: 2 }, attempts: 0 });
  });

  it("coalesces the same key: one queued job, the newest payload, the handler runs once", async () => {
    const kind = uniqueKind("coalesce");
    const seen: unknown[] = [];
    registerJobHandler(kind, async (payload) => {
      seen.push(payload);
    });
    for (let n = 1; n <= 5; n += 1) await enqueueJob(db, { kind, key: "same", payload: { n } });
    expect(await db.select().from(jobs).where(eq(jobs.kind, kind))).toHaveLength(1);
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ n: 5 }]);
    expect(await jobRow(kind, "same")).toMatchObject({ state: "done", rerun: false });
  });

  it("a kind registered deleteWhenDone leaves no row once it succeeds, keeps the row (with its error) while it is retried, and still reruns a key enqueued while it ran", async () => {
    const kind = uniqueKind("delete-when-done");
    const runs: number[] = [];
    registerJobHandler(
      kind,
      async (payload) => {
        runs.push(Number(payload.n));
        if (payload.n === 1) throw new Error("first try fails");
        if (payload.n === 2) await enqueueJob(db, { kind, key: "again", payload: { n: 3 } });
      },
      { deleteWhenDone: true },
    );
    await enqueueJob(db, { kind, key: "once", payload: { n: 1 } });
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 0, retried: 1, failed: 0 });
    expect(await jobRow(kind, "once")).toMatchObject({ state: "queued", lastError: "first try fails" });
    await db
      .update(jobs)
      .set({ payload: { n: 4 }, runAt: new Date(0) })
      .where(eq(jobs.kind, kind));
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await jobRow(kind, "once")).toBeUndefined();

    await enqueueJob(db, { kind, key: "again", payload: { n: 2 } });
    expect(await drainJobs({ kinds: [kind] })).toMatchObject({ done: 2 });
    expect(runs).toEqual([1, 4, 2, 3]);
    expect(await jobRow(kind, "again")).toBeUndefined();
  });

  it("a key enqueued while its job runs runs once more afterwards (nothing is lost), and a finished job can be queued again", async () => {
    const kind = uniqueKind("rerun");
    const runs: number[] = [];
    registerJobHandler(kind, async (payload) => {
      runs.push(Number(payload.n));
      if (payload.n === 1) await enqueueJob(db, { kind, key: "k", payload: { n: 2 } });
    });
    await enqueueJob(db, { kind, key: "k", payload: { n: 1 } });
    expect(await drainJobs({ kinds: [kind] })).toMatchObject({ done: 2 });
    expect(runs).toEqual([1, 2]);
    await enqueueJob(db, { kind, key: "k", payload: { n: 3 } });
    expect(await jobRow(kind, "k")).toMatchObject({ state: "queued", attempts: 0, finishedAt: null });
    await drainJobs({ kinds: [kind] });
    expect(runs).toEqual([1, 2, 3]);
  });
});

describe("retries", () => {
  it("a failing job is retried after a growing backoff with its error kept, then succeeds", async () => {
    const kind = uniqueKind("retry");
    let calls = 0;
    registerJobHandler(kind, async () => {
      calls += 1;
      if (calls === 1) throw new Error("model timed out");
    });
    await enqueueJob(db, { kind, key: "r" });
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 0, retried: 1, failed: 0 });
    const waiting = await jobRow(kind, "r");
    expect(waiting).toMatchObject({ state: "queued", attempts: 1, lastError: "model timed out" });
    expect(waiting!.runAt.getTime()).toBeGreaterThan(Date.now() + 500);
    // Not due yet: a drain does not run it.
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 0, retried: 0, failed: 0 });
    await db
      .update(jobs)
      .set({ runAt: sql`now()` })
      .where(eq(jobs.id, waiting!.id));
    expect(await drainJobs({ kinds: [kind] })).toMatchObject({ done: 1 });
    expect(await jobRow(kind, "r")).toMatchObject({ state: "done", attempts: 2, lastError: null });
    expect(retryDelayMs(1, () => 0.5)).toBe(1000);
    expect(retryDelayMs(4, () => 0.5)).toBe(8000);
    expect(retryDelayMs(40, () => 0.5)).toBe(300_000);
  });

  it("gives up after maxAttempts and leaves the job failed with its last error", async () => {
    const kind = uniqueKind("giveup");
    registerJobHandler(kind, async () => {
      throw new Error("always broken");
    });
    await enqueueJob(db, { kind, key: "g", maxAttempts: 2 });
    await drainJobs({ kinds: [kind] });
    await db
      .update(jobs)
      .set({ runAt: sql`now()` })
      .where(eq(jobs.kind, kind));
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 0, retried: 0, failed: 1 });
    expect(await jobRow(kind, "g")).toMatchObject({ state: "failed", attempts: 2, lastError: "always broken" });
  });

  it("keeps a failed query's SQL in last_error but never its parameters (the customer's data)", async () => {
    const kind = uniqueKind("redact");
    const secret = "+39 333 765 4321 Anna's booking";
    registerJobHandler(kind, async () => {
      await db.execute(sql`select ${secret}::integer`); // a real driver error, parameters and all
    });
    await enqueueJob(db, { kind, key: "r", maxAttempts: 1 });
    expect(await drainJobs({ kinds: [kind] })).toEqual({ done: 0, retried: 0, failed: 1 });
    const row = await jobRow(kind, "r");
    expect(row?.lastError).toContain("Failed query");
    expect(row?.lastError).not.toContain("765 4321");
  });
});

describe("claiming", () => {
  it("two workers draining side by side run every job exactly once (FOR UPDATE SKIP LOCKED)", async () => {
    const kind = uniqueKind("skiplocked");
    const counts = new Map<string, number>();
    registerJobHandler(kind, async (_payload, job: JobContext) => {
      counts.set(job.key, (counts.get(job.key) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
    });
    for (let i = 0; i < 30; i += 1) await enqueueJob(db, { kind, key: `k${i}` });
    const [a, b] = await Promise.all([
      drainJobs({ kinds: [kind], concurrency: 3 }),
      drainJobs({ kinds: [kind], concurrency: 3 }),
    ]);
    expect(a.done + b.done).toBe(30);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it("a job whose worker died is taken over when its lease runs out, and the dead worker's late result does not count", async () => {
    const kind = uniqueKind("lease");
    let runs = 0;
    registerJobHandler(kind, async () => {
      runs += 1;
    });
    await enqueueJob(db, { kind, key: "l" });
    // A worker claimed it and died: running, lease in the past.
    await db
      .update(jobs)
      .set({ state: "running", attempts: 1, lockedBy: "dead-worker", lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(jobs.kind, kind));
    expect(await drainJobs({ kinds: [kind] })).toMatchObject({ done: 1 });
    expect(runs).toBe(1);
    const row = await jobRow(kind, "l");
    expect(row).toMatchObject({ state: "done", attempts: 2, lockedBy: null });
  });
});

describe("a notification names its kind, so a lane is woken only by its own kinds", () => {
  it("reads the kind and the due time of `kind:due`, a bare kind, and kinds that hold colons", () => {
    expect(kindOfNotification("file_delivery:1796107145355")).toBe("file_delivery");
    expect(dueAtOfNotification("file_delivery:1796107145355")).toBe(1796107145355);
    expect(kindOfNotification("test:outbox:ab12cd34:17")).toBe("test:outbox:ab12cd34");
    expect(kindOfNotification("test:outbox:ab12cd34")).toBe("test:outbox:ab12cd34");
    expect(dueAtOfNotification("test:outbox:ab12cd34")).toBeUndefined();
    expect(kindOfNotification("draft_turn")).toBe("draft_turn");
    expect(kindOfNotification(undefined)).toBeUndefined();
  });
});

describe("startJobWorker", () => {
  it("is woken by the NOTIFY of a committed enqueue, long before its poll", async () => {
    const kind = uniqueKind("wake");
    let resolveRan: (job: JobContext) => void = () => {};
    const ran = new Promise<JobContext>((r) => (resolveRan = r));
    registerJobHandler(kind, async (_payload, job) => resolveRan(job));
    const worker = startJobWorker({ kinds: [kind], pollMs: 60_000, concurrency: 2 });
    try {
      await new Promise((r) => setTimeout(r, 300)); // LISTEN is set up
      const started = Date.now();
      // Raw SQL, as ingestion does: only the NOTIFY (delivered at commit) can wake the worker.
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`with queued as (${jobInsertSql({ kind, key: "w" })}) select ${jobNotifySql(sql`queued`, kind)} as notified`,
        );
      });
      const job = await Promise.race([ran, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
      expect(job).toMatchObject({ kind, key: "w", attempt: 1 });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await worker.stop();
    }
    await expect.poll(async () => (await jobRow(kind, "w"))?.state).toBe("done");
  });

  it("runs at most `concurrency` jobs at a time and drains a backlog", async () => {
    const kind = uniqueKind("concurrency");
    let active = 0;
    let peak = 0;
    let done = 0;
    registerJobHandler(kind, async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active -= 1;
      done += 1;
    });
    for (let i = 0; i < 12; i += 1) await enqueueJob(db, { kind, key: `c${i}` });
    const worker = startJobWorker({ kinds: [kind], pollMs: 60_000, concurrency: 3 });
    try {
      await expect.poll(() => done, { timeout: 15_000 }).toBe(12);
    } finally {
      await worker.stop();
    }
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });
});
