/** TA-3 partial ingestion recovery: sweepPendingDrafts finds what the webhook's run never finished. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { completeClaimedDraft, loadContext, runInboundDraftOrchestration } from "@/db/orchestration/orchestrate-inbound-draft";
import { sweepPendingDrafts } from "@/db/orchestration/sweep-pending-drafts";
import { drafts } from "@/db/schema";
import { createModelClient } from "@/lib/ai/model-client";
import { createTestInstructor } from "../helpers/factories";
import { startFakeModelServer, type FakeModelServer } from "../helpers/fake-model-server";
import { createConversation, createInboundMessage } from "./orchestration-fixtures";

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer({
    delayMs: 100,
    answer: { intent: "booking_request", language: "en", confidence: 0.9, reply: "Sure — which day, time, level and group size?" },
  });
});
afterAll(() => fake.close());

const fast = { graceMs: 0, staleAfterMs: 60_000, retryBackoffMs: 0 };

async function tenantWithMessage(body: string | null, type = "text") {
  const instructor = await createTestInstructor();
  const conversation = await createConversation(instructor.id);
  const message = await createInboundMessage({ instructorId: instructor.id, conversationId: conversation.id, body, type });
  return { instructor, conversation, message };
}

describe("sweepPendingDrafts", () => {
  it("runs orchestration for a committed message that has no drafts row (the process died after commit)", async () => {
    const { instructor, message } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    const result = await sweepPendingDrafts({ ...fast, instructorId: instructor.id, model: null });
    expect(result.missing).toBe(1);
    const [draft] = await db.select().from(drafts).where(eq(drafts.messageId, message.id));
    expect(draft).toMatchObject({ state: "proposed", intent: "booking_request", attempts: 1 });
  });

  it("does not loop on a non-text message: one 'not a text message' row, then nothing to do", async () => {
    const { instructor, message } = await tenantWithMessage(null, "sticker");
    expect((await sweepPendingDrafts({ ...fast, instructorId: instructor.id, model: null })).missing).toBe(1);
    const second = await sweepPendingDrafts({ ...fast, instructorId: instructor.id, model: null });
    expect(second).toMatchObject({ missing: 0, retried: 0 });
    const rows = await db.select().from(drafts).where(eq(drafts.messageId, message.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "not_drafted", reason: "no draft: not a text message" });
  });

  it("leaves a message younger than the grace period to the webhook's own run", async () => {
    const { instructor } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    expect((await sweepPendingDrafts({ instructorId: instructor.id, graceMs: 60_000, model: null })).missing).toBe(0);
  });

  it("retries a failed row and a stale pending row, counting attempts", async () => {
    const { instructor, conversation, message } = await tenantWithMessage("Are you free on Saturday morning?");
    const stale = await createInboundMessage({ instructorId: instructor.id, conversationId: conversation.id, body: "And how much is it?" });
    await db.insert(drafts).values([
      { instructorId: instructor.id, conversationId: conversation.id, messageId: message.id, state: "failed", attempts: 1, error: "boom", claimedAt: new Date(Date.now() - 1_000) },
      { instructorId: instructor.id, conversationId: conversation.id, messageId: stale.id, state: "pending", attempts: 1, claimedAt: new Date(Date.now() - 10 * 60_000) },
    ]);
    const result = await sweepPendingDrafts({ ...fast, instructorId: instructor.id, model: null });
    expect(result.retried).toBe(2);
    const rows = await db.select().from(drafts).where(eq(drafts.instructorId, instructor.id));
    expect(rows.map((r) => [r.state, r.attempts, r.error]).sort()).toEqual([
      ["proposed", 2, null],
      ["superseded", 2, null],
    ]);
  });

  it("a run that the sweep took over as stale cannot overwrite the retry's result (attempt fencing)", async () => {
    const { instructor, message } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    // A first run claimed the row and "hung" (we fake its claim as 10 minutes old).
    await db.insert(drafts).values({ instructorId: instructor.id, conversationId: message.conversationId, messageId: message.id, state: "pending", attempts: 1, claimedAt: new Date(Date.now() - 10 * 60_000) });
    await sweepPendingDrafts({ ...fast, instructorId: instructor.id, model: null });
    const [after] = await db.select().from(drafts).where(eq(drafts.messageId, message.id));
    expect(after).toMatchObject({ state: "proposed", attempts: 2 });
    // The hung first run wakes up and finishes as attempt 1: its result is discarded.
    const context = await loadContext({ instructorId: instructor.id, messageId: message.id });
    const late = await completeClaimedDraft({ draftId: after!.id, attempt: 1, context: context!, options: { model: null } });
    expect(late).toEqual({ outcome: "lost_claim", draftId: after!.id });
    const [still] = await db.select().from(drafts).where(eq(drafts.messageId, message.id));
    expect(still).toMatchObject({ state: "proposed", attempts: 2 });
  });

  it("gives up on a row after maxAttempts and marks it failed, visibly", async () => {
    const { instructor, message } = await tenantWithMessage("Hi, can I book a lesson for Sunday?");
    await db.insert(drafts).values({ instructorId: instructor.id, conversationId: message.conversationId, messageId: message.id, state: "pending", attempts: 5, claimedAt: new Date(Date.now() - 10 * 60_000) });
    const result = await sweepPendingDrafts({ ...fast, instructorId: instructor.id, model: null, maxAttempts: 5 });
    expect(result).toMatchObject({ gaveUp: 1, retried: 0 });
    const [row] = await db.select().from(drafts).where(eq(drafts.messageId, message.id));
    expect(row).toMatchObject({ state: "failed", error: "gave up after 5 attempts" });
  });

  it("two sweeps and the webhook's run at once → one draft per message and one model call per message", async () => {
    const instructor = await createTestInstructor();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const conversation = await createConversation(instructor.id);
      ids.push((await createInboundMessage({ instructorId: instructor.id, conversationId: conversation.id, body: `Hi, could I book a lesson for Saturday? (${i})` })).id);
    }
    const model = createModelClient({ baseUrl: fake.baseUrl, model: "fake-sweep", timeoutMs: 2_000 });
    const before = fake.requests.length;
    await Promise.all([
      sweepPendingDrafts({ ...fast, instructorId: instructor.id, model }),
      sweepPendingDrafts({ ...fast, instructorId: instructor.id, model }),
      runInboundDraftOrchestration({ instructorId: instructor.id, messageId: ids[0]! }, { model }),
    ]);
    const rows = await db.select().from(drafts).where(eq(drafts.instructorId, instructor.id));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.state === "proposed" && r.attempts === 1)).toBe(true);
    expect(fake.requests.length - before).toBe(3);
  });
});
