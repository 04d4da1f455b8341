/** GET /api/health names the webhook deliveries stored but not filed yet, so stopped workers show. */
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { GET } from "@/app/api/health/route";
import { db } from "@/db";
import { FILE_DELIVERY_JOB, fileDeliveryJob } from "@/db/ingestion/file-delivery-job";
import { filingBacklog } from "@/db/queries/health";
import { enqueueJob } from "@/db/queue";

class RollBack extends Error {}

describe("filing backlog", () => {
  it("counts waiting file_delivery jobs with the age of the oldest; a filed (done) one no longer counts", async () => {
    // Inside a transaction that is rolled back: the other test files' jobs are fresh, an hour-old one is ours.
    await expect(
      db.transaction(async (tx) => {
        const job = fileDeliveryJob({ object: "whatsapp_business_account", entry: [] }, "backlog-test");
        await enqueueJob(tx, job);
        await tx.execute(
          sql`update jobs set created_at = now() - interval '1 hour' where kind = ${FILE_DELIVERY_JOB} and key = ${job.key}`,
        );
        const waiting = await filingBacklog(tx);
        expect(waiting.waiting).toBeGreaterThanOrEqual(1);
        expect(waiting.oldestSeconds).toBeGreaterThanOrEqual(3600);
        expect(waiting.oldestSeconds).toBeLessThan(3700);

        await tx.execute(sql`update jobs set state = 'done' where kind = ${FILE_DELIVERY_JOB} and key = ${job.key}`);
        expect((await filingBacklog(tx)).oldestSeconds).toBeLessThan(3600);
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);
  });

  it("GET /api/health answers 200 with the backlog beside the database state", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; filing?: { waiting: number; oldestSeconds: number } };
    expect(body.ok).toBe(true);
    expect(body.filing).toEqual({ waiting: expect.any(Number), oldestSeconds: expect.any(Number) });
  });
});
