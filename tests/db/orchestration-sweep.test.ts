/**
 * TA-3 partial ingestion recovery, now behind the queue: sweepPendingDrafts queues conversations whose newest
 * message the drafter never looked at; the queue runs them. Retries of failed runs and takeover of runs whose
 * process died are the queue's (tests/db/job-queue.test.ts); here: what the drafter leaves when it gives up,
 * and that sweeps, workers and a direct run together still make one draft and one model call per turn.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { runInboundDraftOrchestration } from "@/db/orchestration/orchestrate-inbound-draft";
import { sweepPendingDrafts } from "@/db/orchestration/sweep-pending-drafts";
import { drainJobs, enqueueJob } from "@/db/queue";
import { drafts, jobs } from "@/db/schema";
import { createModelClient } from "@/server/ai/model-client";
import { createTestInstructor } from "../helpers/factories";
import { startFakeModelServer, type FakeModelServer } from "../helpers/fake-model-server";
import { createConversation, createInboundMessage } from "./orchestration-fixtures";

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer({
    delayMs: 100,
    answer: {
      intent: "booking_request",
      language: "en",
      confidence: 0.9,
      reply: "Sure — which day, time, level and group size?",
    },
  });
  registerDraftTurnJob({ model: null });
});
afterAll(() => fake.close());

/** A message written without ingestion (so no job was queued): what a crash before the queue existed leaves. */
async function tenantWithMessage(body: string | null, type = "text") {
  const instructor = await createTestInstructor();
  const conversation = await createConversation(instructor.id);
  const message = await createInboundMessage({
    instructorId: instructor.id,
    conversationId: conversation.id,
    body,
    type,
    createdAt: new Date(Date.now() - 60_000),
  });
  return { instructor, conversation, message };
}

describe("sweepPendingDrafts", () => {
  it("queues a conversation whose newest message has no draft and no job; the queue drafts it; the next sweep finds nothing", async () => {
    const { instructor, conversation, message } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    expect(await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 })).toEqual({ enqueued: 1 });
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [conversation.id] });
    const [draft] = await db.select().from(drafts).where(eq(drafts.messageId, message.id));
    expect(draft).toMatchObject({ state: "proposed", intent: "booking_request" });
    expect(await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 })).toEqual({ enqueued: 0 });
  });

  it("does not loop on a turn the drafter kept (no new row): a finished job after the message counts as looked at", async () => {
    const { instructor, conversation } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 });
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [conversation.id] });
    // A 👍 stored without ingestion: asks nothing, so the drafter keeps the draft and writes no row for it.
    await new Promise((r) => setTimeout(r, 50));
    await createInboundMessage({ instructorId: instructor.id, conversationId: conversation.id, body: "👍" });
    expect(await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 })).toEqual({ enqueued: 1 });
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [conversation.id] });
    expect(await db.select().from(drafts).where(eq(drafts.conversationId, conversation.id))).toHaveLength(1);
    expect(await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 })).toEqual({ enqueued: 0 });
  });

  it("leaves a message younger than the grace period to its own job, and skips conversations with a job waiting", async () => {
    const { instructor, conversation } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    expect(await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 10 * 60_000 })).toEqual({ enqueued: 0 });
    await enqueueJob(db, {
      kind: DRAFT_TURN_JOB,
      key: conversation.id,
      payload: { instructorId: instructor.id, conversationId: conversation.id },
    });
    expect(await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 })).toEqual({ enqueued: 0 });
  });
});

describe("when the drafter gives up", () => {
  it("the last failed attempt leaves a visible 'failed' draft (and the job failed with its error)", async () => {
    const { instructor, conversation } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    // A model client that throws (the real client returns errors as values; a bug or a crash would throw).
    registerDraftTurnJob({
      model: { classifyAndDraft: async () => Promise.reject(new Error("model client crashed")) } as never,
    });
    try {
      await enqueueJob(db, {
        kind: DRAFT_TURN_JOB,
        key: conversation.id,
        payload: { instructorId: instructor.id, conversationId: conversation.id },
        maxAttempts: 2,
      });
      await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [conversation.id] });
      await db
        .update(jobs)
        .set({ runAt: sql`now()` })
        .where(and(eq(jobs.kind, DRAFT_TURN_JOB), eq(jobs.key, conversation.id)));
      await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [conversation.id] });
    } finally {
      registerDraftTurnJob({ model: null });
    }
    const [job] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), eq(jobs.key, conversation.id)));
    expect(job).toMatchObject({ state: "failed", attempts: 2, lastError: "model client crashed" });
    const rows = await db.select().from(drafts).where(eq(drafts.conversationId, conversation.id));
    // The panel shows a generic reason; the error itself stays with the job and the redacted log.
    expect(rows).toEqual([
      expect.objectContaining({ state: "failed", error: "an internal error (details are in the server log)" }),
    ]);
  });
});

describe("sweeps, workers and a direct run at once", () => {
  it("one draft per turn and one model call per turn", async () => {
    const instructor = await createTestInstructor();
    const conversationIds: string[] = [];
    const messageIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const conversation = await createConversation(instructor.id);
      conversationIds.push(conversation.id);
      messageIds.push(
        (
          await createInboundMessage({
            instructorId: instructor.id,
            conversationId: conversation.id,
            body: `Hi, could I book a lesson for Saturday? (${i})`,
            createdAt: new Date(Date.now() - 60_000),
          })
        ).id,
      );
    }
    const model = createModelClient({ baseUrl: fake.baseUrl, model: "fake-sweep", timeoutMs: 2_000 });
    registerDraftTurnJob({ model });
    const before = fake.requests.length;
    try {
      await Promise.all([
        sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 }),
        sweepPendingDrafts({ instructorId: instructor.id, graceMs: 0 }),
      ]);
      const scope = { kinds: [DRAFT_TURN_JOB], keys: conversationIds };
      await Promise.all([drainJobs(scope), drainJobs(scope)]);
      // A direct run afterwards finds the turn up to date.
      expect(
        await runInboundDraftOrchestration({ instructorId: instructor.id, messageId: messageIds[0]! }, { model }),
      ).toMatchObject({ outcome: "kept", reason: "up to date" });
    } finally {
      registerDraftTurnJob({ model: null });
    }
    const rows = await db.select().from(drafts).where(inArray(drafts.conversationId, conversationIds));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.state === "proposed")).toBe(true);
    expect(fake.requests.length - before).toBe(3);
  });
});
