/**
 * The webhook answers 200 once a delivery is stored as a `file_delivery` job; a worker's filing lane files
 * it (db/ingestion/file-delivery-job.ts). In the db suite no worker runs: a test files the deliveries its
 * own requests queued, by their keys (files share one database, so never another test's jobs).
 */
import { performance } from "node:perf_hooks";
import { and, count, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { db } from "@/db";
import { FILE_DELIVERY_JOB, registerFileDeliveryJob, type FileDeliveryOptions } from "@/db/ingestion/file-delivery-job";
import { drainJobs, type DrainJobsResult } from "@/db/queue";
import { jobs } from "@/db/schema";
import { jobRow } from "./jobs";

registerFileDeliveryJob();

/** The delivery key a webhook answer names (200 only), read from a copy so the caller can still read it. */
export async function deliveryKeyOf(response: Response): Promise<string | null> {
  if (response.status !== 200) return null;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { delivery?: unknown } | null;
  return typeof body?.delivery === "string" ? body.delivery : null;
}

/** Files the deliveries queued under these keys, as the worker would; returns how many jobs ran. */
export async function fileDeliveries(keys: (string | null | undefined)[]): Promise<number> {
  const wanted = keys.filter((k): k is string => typeof k === "string");
  if (wanted.length === 0) return 0;
  const result = await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: wanted, concurrency: 4 });
  return result.done + result.retried + result.failed;
}

/** Files what this webhook answer queued (nothing for a refused request); returns the answer unread. */
export async function fileDeliveryOf(response: Response): Promise<Response> {
  await fileDeliveries([await deliveryKeyOf(response)]);
  return response;
}

/** How many `file_delivery` jobs this webhook request wrote (found by its x-request-id): 0 or 1. */
export async function deliveryJobsOf(response: Response): Promise<number> {
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/\S/);
  const [row] = await db
    .select({ n: count() })
    .from(jobs)
    .where(and(eq(jobs.kind, FILE_DELIVERY_JOB), sql`${jobs.payload}->>'requestId' = ${requestId}`));
  return Number(row!.n);
}

/**
 * Files these queued deliveries at once, one drain each (racing as the filing lane's slots would, so the
 * exactly-once insert decides), checks each ran once and its row is gone (a database failure would leave
 * it queued for a retry), and returns the milliseconds it took.
 */
export async function fileConcurrently(keys: (string | null)[]): Promise<number> {
  expect(keys.every((key) => typeof key === "string")).toBe(true);
  const started = performance.now();
  expect(await Promise.all(keys.map((key) => fileDeliveries([key])))).toEqual(keys.map(() => 1));
  const elapsed = performance.now() - started;
  for (const key of keys) expect(await jobRow(FILE_DELIVERY_JOB, key!)).toBeUndefined();
  return elapsed;
}

/**
 * Runs one queued delivery through the queue with a filing handler of its own (a dead database, a buggy
 * ingest), then puts the real handler back; returns the drain's outcome.
 */
export async function drainWithFiling(key: string, options: FileDeliveryOptions): Promise<DrainJobsResult> {
  registerFileDeliveryJob(options);
  try {
    return await drainJobs({ kinds: [FILE_DELIVERY_JOB], keys: [key] });
  } finally {
    registerFileDeliveryJob();
  }
}
