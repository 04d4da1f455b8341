/** TA-3 step 5: orchestrateInboundDraft against a real database, and the model path against a fake model on loopback. */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { draftConversationTurn } from "@/db/orchestration/draft-conversation-turn";
import { enqueueTurnDraft } from "@/db/orchestration/enqueue-turn-draft";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { runInboundDraftOrchestration as orchestrateInboundDraft } from "@/db/orchestration/orchestrate-inbound-draft";
import { drainJobs } from "@/db/queue";
import { DETERMINISTIC_GENERATOR, FACTS_GENERATOR } from "@/lib/drafting/plan-turn-draft";
import { auditEvents, conversations, drafts } from "@/db/schema";
import { PROMPT_VERSION } from "@/lib/ai/model-request";
import { createModelClient } from "@/server/ai/model-client";
import { createTestInstructor } from "../helpers/factories";
import { startFakeModelServer, type FakeModelServer } from "../helpers/fake-model-server";
import { createConversation, createInboundMessage } from "./orchestration-fixtures";

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});

function fakeModel(timeoutMs = 2_000) {
  return createModelClient({ baseUrl: fake.baseUrl, model: "fake-1", apiKey: "test-key", timeoutMs });
}

async function setup(
  body: string | null,
  opts: { type?: string; instructor?: Parameters<typeof createTestInstructor>[0] } = {},
) {
  const instructor = await createTestInstructor(opts.instructor);
  const conversation = await createConversation(instructor.id);
  const message = await createInboundMessage({
    instructorId: instructor.id,
    conversationId: conversation.id,
    body,
    type: opts.type,
  });
  return { instructor, conversation, message };
}

async function draftsOf(messageId: string) {
  return db.select().from(drafts).where(eq(drafts.messageId, messageId));
}

describe("orchestrateInboundDraft — deterministic path (no model configured)", () => {
  it("proposes a booking draft in the customer's language that repeats the day and group size and asks only for the time and level", async () => {
    const { instructor, message } = await setup(
      "Ciao, vorrei prenotare una lezione privata di sci per sabato, siamo in due",
    );
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: null },
    );
    expect(result).toMatchObject({ outcome: "completed", state: "proposed", decision: "draft", modelCalled: false });
    const [draft] = await draftsOf(message.id);
    expect(draft).toMatchObject({
      state: "proposed",
      intent: "booking_request",
      language: "it",
      generator: FACTS_GENERATOR,
    });
    expect(draft!.proposedText).toMatch(/^Ciao Anna,/);
    expect(draft!.proposedText).toMatch(/sabato \d+ \w+, 2 persone/);
    expect(draft!.proposedText).toMatch(/Mi dici a che ora e il vostro livello\?$/);
    expect(draft!.proposedText).not.toMatch(/quante persone|che giorno/);
    expect(draft!.reason).toMatch(/^draft: booking_request (0\.\d\d|1\.00) ≥ 0\.70$/);
    expect(draft!.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("quotes the instructor's price text for a price question", async () => {
    const { instructor, message } = await setup("How much is a private lesson?", {
      instructor: { priceText: "€60 per hour, €220 for 4 hours." },
    });
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: message.id }, { model: null });
    const [draft] = await draftsOf(message.id);
    expect(draft).toMatchObject({ state: "proposed", intent: "price_question", language: "en" });
    expect(draft!.proposedText).toContain("€60 per hour, €220 for 4 hours.");
  });

  it("uses the instructor's own template over the default", async () => {
    const { instructor, message } = await setup("Hi! Do you have availability on Saturday?", {
      instructor: {
        replyTemplates: {
          availability_question: { en: "Hey {customer_name}, let me check my calendar — {instructor_name}" },
        },
      },
    });
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: message.id }, { model: null });
    const [draft] = await draftsOf(message.id);
    expect(draft!.proposedText).toBe(`Hey Anna, let me check my calendar — ${instructor.name}`);
  });

  it("hands a cancellation to a human: no draft, conversation marked, audit event with no actor", async () => {
    const { instructor, conversation, message } = await setup("Sorry, I have to cancel tomorrow's lesson");
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: null },
    );
    expect(result).toMatchObject({
      outcome: "completed",
      state: "not_drafted",
      decision: "handoff",
      reason: expect.stringMatching(/^handed to human: cancels or can't come \("cancel"\)/),
    });
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(conv).toMatchObject({
      attention: "handed_to_human",
      attentionReason: expect.stringMatching(/^handed to human: cancels or can't come/),
    });
    expect(conv!.attentionAt).toBeInstanceOf(Date);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.instructorId, instructor.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "conversation.handed_to_human",
      actorUserId: null,
      entityId: conversation.id,
    });
  });

  it("escalates a safety message, and a later handoff does not downgrade the escalation", async () => {
    const { instructor, conversation, message } = await setup(
      "My son got hurt on the slope this morning, he's at the hospital",
    );
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: message.id }, { model: null });
    let [conv] = await db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(conv).toMatchObject({ attention: "escalated", attentionReason: "escalated: safety" });
    const later = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "I want a refund",
    });
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: later.id }, { model: null });
    [conv] = await db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(conv!.attention).toBe("escalated");
    expect((await draftsOf(later.id))[0]!.reason).toBe("handed to human: refund");
  });

  it("stores 'no draft: not a text message' for an image, once", async () => {
    const { instructor, message } = await setup(null, { type: "image" });
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(result).toMatchObject({ state: "not_drafted", reason: "no draft: not a text message", modelCalled: false });
  });

  it("does not draft when the instructor turned drafts off", async () => {
    const { instructor, message } = await setup("Can I book a lesson for Saturday?", {
      instructor: { draftsEnabled: false },
    });
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(result).toMatchObject({
      state: "not_drafted",
      decision: "no_draft",
      reason: "no draft: drafts are turned off",
      modelCalled: false,
    });
  });

  it("does not draft outside the 24 h customer service window", async () => {
    const { instructor, message } = await setup("Can I book a lesson for Saturday?");
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: null, now: () => later },
    );
    expect(result).toMatchObject({
      state: "not_drafted",
      reason: "no draft: outside the 24 h customer service window",
    });
  });

  it("does not draft below the instructor's threshold, and says the numbers", async () => {
    // 0.99: the rules and the learned model agreeing on this booking give 0.95.
    const { instructor, message } = await setup("Can I book a lesson for Saturday?", {
      instructor: { draftThreshold: 0.99 },
    });
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: null },
    );
    expect(result).toMatchObject({ state: "not_drafted", decision: "no_draft" });
    expect((result as { reason: string }).reason).toMatch(/^no draft: confidence 0\.\d\d < 0\.99$/);
  });

  it("skips a message of another instructor (tenant scoped)", async () => {
    const { message } = await setup("Can I book a lesson?");
    const other = await createTestInstructor();
    expect(await orchestrateInboundDraft({ instructorId: other.id, messageId: message.id }, { model: null })).toEqual({
      outcome: "skipped",
      reason: "message not found",
    });
    expect(await draftsOf(message.id)).toHaveLength(0);
  });
});

describe("orchestrateInboundDraft — idempotency", () => {
  it("run twice for one turn → one draft; the second run finds it up to date and calls nothing", async () => {
    const { instructor, message } = await setup("Hi, are you free on Sunday afternoon?");
    const first = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: null },
    );
    const second = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(first.outcome).toBe("completed");
    expect(second).toMatchObject({ outcome: "kept", reason: "up to date" });
    expect(await draftsOf(message.id)).toHaveLength(1);
  });

  it("queued 5 times and drained by two workers at once (slow model) → one draft and exactly one model call", async () => {
    const { instructor, conversation, message } = await setup("Hi, could I book a surf lesson for tomorrow morning?");
    fake.configure({
      delayMs: 150,
      answer: {
        intent: "booking_request",
        language: "en",
        confidence: 0.9,
        reply: "Sure! Which time, level and how many?",
      },
    });
    const before = fake.requests.length;
    registerDraftTurnJob({ model: fakeModel() });
    for (let i = 0; i < 5; i += 1)
      await enqueueTurnDraft({ instructorId: instructor.id, conversationId: conversation.id });
    const scope = { kinds: [DRAFT_TURN_JOB], keys: [conversation.id] };
    await Promise.all([drainJobs(scope), drainJobs(scope)]);
    expect(fake.requests.length - before).toBe(1);
    expect(await draftsOf(message.id)).toHaveLength(1);
  });
});

describe("orchestrateInboundDraft — model path (fake OpenAI-compatible server on loopback)", () => {
  it("uses the model's reply when the rules corroborate its intent, and records generator and prompt version", async () => {
    const { instructor, message } = await setup("Hi, could I book a private lesson for Saturday morning?");
    fake.configure({
      answer: {
        intent: "booking_request",
        language: "en",
        confidence: 0.92,
        reply: "Hi Anna! Saturday works — what time, what level and how many people?",
      },
    });
    const before = fake.requests.length;
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(result).toMatchObject({ state: "proposed", modelCalled: true, generator: `model:fake-1@${PROMPT_VERSION}` });
    const [draft] = await draftsOf(message.id);
    expect(draft).toMatchObject({
      proposedText: "Hi Anna! Saturday works — what time, what level and how many people?",
      promptVersion: PROMPT_VERSION,
    });
    expect(draft!.evidence).toMatchObject({
      source: "model",
      model: { intent: "booking_request", corroborated: true },
    });
    // The request really was an OpenAI chat completion with our model, a JSON answer format and the message.
    const request = fake.requests[before]!;
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.body).toMatchObject({
      model: "fake-1",
      response_format: { type: "json_schema", json_schema: { name: "inbound_draft" } },
    });
    expect(JSON.stringify(request.body.messages)).toContain("book a private lesson");
  });

  it("does not draft when the model's own confidence is the only evidence", async () => {
    const { instructor, message } = await setup("Mmh, let me think about it with my wife");
    fake.configure({
      answer: { intent: "price_question", language: "en", confidence: 0.99, reply: "Our prices are..." },
    });
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(result).toMatchObject({
      state: "not_drafted",
      decision: "no_draft",
      reason: "no draft: only the model's own confidence supports price_question",
    });
  });

  it("falls back to the deterministic path when the model times out", async () => {
    const { instructor, message } = await setup("Hi, could I book a private lesson for Saturday morning?");
    fake.configure({
      delayMs: 3_000,
      answer: { intent: "booking_request", language: "en", confidence: 0.9, reply: "too late" },
    });
    const started = Date.now();
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel(300) },
    );
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(result).toMatchObject({ state: "proposed", generator: FACTS_GENERATOR, modelCalled: true });
    const [draft] = await draftsOf(message.id);
    expect(draft!.proposedText).toMatch(/^Hi Anna, thanks for your message!/);
    expect((draft!.evidence as { modelError?: string }).modelError).toBeTruthy();
  });

  it("falls back to the deterministic path when the model's answer is malformed", async () => {
    const { instructor, message } = await setup("Buongiorno, quanto costa una lezione di due ore?", {
      instructor: { priceText: "60 € all'ora" },
    });
    fake.configure({ malformed: true });
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(result).toMatchObject({ state: "proposed", generator: DETERMINISTIC_GENERATOR, modelCalled: true });
    const [draft] = await draftsOf(message.id);
    expect(draft).toMatchObject({ intent: "price_question", language: "it" });
    expect(draft!.proposedText).toContain("60 € all'ora");
  });

  it("falls back when the answer is JSON that does not fit the schema, or an HTTP 500", async () => {
    for (const config of [{ answer: { intent: "buy_now", language: "xx", confidence: 7 } }, { status: 500 }]) {
      const { instructor, message } = await setup("Hi, could I book a private lesson for Saturday morning?");
      fake.configure(config);
      const result = await orchestrateInboundDraft(
        { instructorId: instructor.id, messageId: message.id },
        { model: fakeModel() },
      );
      expect(result).toMatchObject({ state: "proposed", generator: FACTS_GENERATOR });
    }
  });

  it("never calls the model for a handoff", async () => {
    const { instructor, message } = await setup(
      "We waited an hour and nobody came. Unacceptable, I want my money back.",
    );
    const before = fake.requests.length;
    const result = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: message.id },
      { model: fakeModel() },
    );
    expect(result).toMatchObject({ decision: "handoff", modelCalled: false });
    expect(fake.requests.length).toBe(before);
  });
});

describe("orchestrateInboundDraft — one current draft per turn", () => {
  it("new text in the turn re-drafts the whole turn; the old proposal is superseded BY the new one; an edited draft is never replaced", async () => {
    const instructor = await createTestInstructor();
    const conversation = await createConversation(instructor.id);
    const t0 = Date.now() - 60_000;
    // "Hallo!" first, then the question: the draft follows the turn, not each message.
    const first = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "Hello!",
      createdAt: new Date(t0),
    });
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: first.id }, { model: null });
    const second = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "How much is a private lesson for two people?",
      createdAt: new Date(t0 + 1_000),
    });
    const redrafted = await orchestrateInboundDraft(
      { instructorId: instructor.id, messageId: second.id },
      { model: null },
    );
    const [old] = await draftsOf(first.id);
    expect(redrafted).toMatchObject({ outcome: "completed", state: "proposed", supersededId: old!.id });
    expect(old).toMatchObject({ state: "superseded", supersededBy: (redrafted as { draftId: string }).draftId });
    expect((await draftsOf(second.id))[0]).toMatchObject({ state: "proposed", intent: "price_question" });

    // The instructor edits the proposal; neither a thank-you nor a new question replaces it.
    await db.update(drafts).set({ state: "edited", editedText: "my own words" }).where(eq(drafts.messageId, second.id));
    const third = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "Thanks!",
      createdAt: new Date(t0 + 2_000),
    });
    expect(
      await orchestrateInboundDraft({ instructorId: instructor.id, messageId: third.id }, { model: null }),
    ).toMatchObject({ outcome: "kept" });
    const fourth = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "And can my son join too?",
      createdAt: new Date(t0 + 3_000),
    });
    expect(
      await orchestrateInboundDraft({ instructorId: instructor.id, messageId: fourth.id }, { model: null }),
    ).toMatchObject({
      outcome: "kept",
      reason: "edited by the instructor",
    });
    expect((await draftsOf(second.id))[0]).toMatchObject({
      state: "edited",
      editedText: "my own words",
      supersededBy: null,
    });
    const current = await db
      .select()
      .from(drafts)
      .where(and(eq(drafts.conversationId, conversation.id), isNull(drafts.supersededBy)));
    expect(current).toHaveLength(1);
  });

  it("asked for a fresh proposal, the drafter replaces the edited draft with one for the whole turn", async () => {
    const instructor = await createTestInstructor();
    const conversation = await createConversation(instructor.id);
    const t0 = Date.now() - 60_000;
    const first = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "Hello!",
      createdAt: new Date(t0),
    });
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: first.id }, { model: null });
    await db.update(drafts).set({ state: "edited", editedText: "my words" }).where(eq(drafts.messageId, first.id));
    const second = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "How much is a private lesson?",
      createdAt: new Date(t0 + 1_000),
    });
    const fresh = await draftConversationTurn(
      { instructorId: instructor.id, conversationId: conversation.id, fresh: true },
      { model: null },
    );
    expect(fresh).toMatchObject({ outcome: "completed", state: "proposed" });
    expect((await draftsOf(second.id))[0]).toMatchObject({ state: "proposed", intent: "price_question" });
    // The edited text is kept on its own row, no longer current.
    expect((await draftsOf(first.id))[0]).toMatchObject({
      state: "edited",
      editedText: "my words",
      supersededBy: (fresh as { draftId: string }).draftId,
    });
  });

  it("WhatsApp's clock: a message re-delivered late (stored last, sent first) does not become the turn's newest", async () => {
    const instructor = await createTestInstructor();
    const conversation = await createConversation(instructor.id);
    const t0 = Date.now() - 60_000;
    const newer = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "Are you free on Sunday too?",
      sentAt: new Date(t0 + 1_000),
      createdAt: new Date(t0 + 1_000),
    });
    await orchestrateInboundDraft({ instructorId: instructor.id, messageId: newer.id }, { model: null });
    // Re-delivered after a 503: stored after `newer`, but the customer sent it before.
    const older = await createInboundMessage({
      instructorId: instructor.id,
      conversationId: conversation.id,
      body: "Can I book a lesson on Saturday?",
      sentAt: new Date(t0),
      createdAt: new Date(t0 + 5_000),
    });
    const result = await orchestrateInboundDraft({ instructorId: instructor.id, messageId: older.id }, { model: null });
    // The turn's newest is still `newer`: the current draft covers it.
    expect(result).toMatchObject({ outcome: "kept", reason: "up to date" });
    const proposed = await db
      .select()
      .from(drafts)
      .where(and(eq(drafts.conversationId, conversation.id), eq(drafts.state, "proposed")));
    expect(proposed).toHaveLength(1);
    expect(proposed[0]!.messageId).toBe(newer.id);
    expect(await draftsOf(older.id)).toHaveLength(0);
  });
});
