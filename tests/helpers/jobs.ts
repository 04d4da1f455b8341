/** Helpers for the job-queue db tests (tests/db/job-queue.test.ts, tests/db/draft-debounce.test.ts). */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { jobs } from "@/db/schema";

/** A kind of its own per test: files share the PostgreSQL database, and drainJobs only takes the kinds named. */
export function uniqueKind(name: string) {
  return `test:${name}:${randomUUID().slice(0, 8)}`;
}

/** The job row of a kind and key (undefined when there is none). */
export async function jobRow(kind: string, key: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.key, key)));
  return row;
}
