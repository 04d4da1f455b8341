/**
 * One draft per conversation turn, end to end below the browser: real ingestion (the job is queued in the
 * message's own statement), the real queue and drafter, on PostgreSQL and PGlite. No model (deterministic
 * drafts), so every outcome here is the turn logic's, not a model's.
 */
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { ingestWhatsappDelivery } from "@/db/ingestion/ingest-whatsapp-delivery";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { drainJobs } from "@/db/queue";
import { conversations, drafts, jobs, messages } from "@/db/schema";
import { approveAndSendDraft } from "@/db/sending/approve-and-send-draft";
import { rejectDraft } from "@/db/sending/reject-draft";
import {
  buildSimulatedDelivery,
  newWamid,
  type SimulatedDeliveryInput,
} from "@/scripts/whatsapp/build-simulated-delivery";
import { parseWebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { createTestInstructor } from "../helpers/factories";

beforeAll(() => registerDraftTurnJob({ model: null }));

let senderSeq = 0;
async function customer() {
  const instructor = await createTestInstructor();
  const from = `39340${String(Date.now()).slice(-5)}${String(senderSeq++).padStart(2, "0")}`;
  let conversationId = "";
  const send = async (input: Omit<SimulatedDeliveryInput, "phoneNumberId" | "from">) => {
    const id = input.id ?? newWamid();
    const parsed = parseWebhookDelivery(
      buildSimulatedDelivery({ phoneNumberId: instructor.whatsappPhoneNumberId!, from, name: "Anna", ...input, id }),
    );
    if (!parsed.ok) throw new Error("bad delivery");
    await ingestWhatsappDelivery({ delivery: parsed.delivery });
    const [row] = await db.select().from(messages).where(eq(messages.externalMessageId, id));
    conversationId = row!.conversationId;
    return row!;
  };
  const drain = () => drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [conversationId] });
  const current = async () => {
    const rows = await db
      .select()
      .from(drafts)
      .where(and(eq(drafts.conversationId, conversationId), isNull(drafts.supersededBy)));
    return rows.filter((d) => !["superseded", "rejected", "sent"].includes(d.state));
  };
  const all = () => db.select().from(drafts).where(eq(drafts.conversationId, conversationId));
  return { instructor, send, drain, current, all, conversationId: () => conversationId };
}

describe("messages that ask nothing never remove or replace a pending answer", () => {
  it("after a booking question: 👍, ok, a sticker, a reaction and a photo keep the same draft", async () => {
    const c = await customer();
    const question = await c.send({ text: "Hi! Can I book a ski lesson for Saturday morning?" });
    await c.drain();
    const [draft] = await c.current();
    expect(draft).toMatchObject({ state: "proposed", intent: "booking_request" });
    for (const followUp of [
      { text: "👍" },
      { text: "ok" },
      { type: "sticker" as const },
      { type: "reaction" as const, targetId: question.externalMessageId!, emoji: "🙏" },
      { type: "image" as const },
    ]) {
      await c.send(followUp);
      await c.drain();
      const now = await c.current();
      expect(now, JSON.stringify(followUp)).toHaveLength(1);
      expect(now[0]).toMatchObject({ id: draft!.id, state: "proposed", intent: "booking_request" });
    }
    expect(await c.all()).toHaveLength(1);
  });

  it("'Merci beaucoup !' right after a price question keeps the price answer", async () => {
    const c = await customer();
    await c.send({ text: "Bonjour, quel est le prix d'une leçon privée ?" });
    await c.drain();
    const [priceDraft] = await c.current();
    expect(priceDraft).toMatchObject({ state: "proposed", intent: "price_question", language: "fr" });
    await c.send({ text: "Merci beaucoup !" });
    await c.drain();
    expect(await c.current()).toEqual([expect.objectContaining({ id: priceDraft!.id, intent: "price_question" })]);
  });

  it("a thank-you that arrives before the first draft is made does not turn the answer into a thank-you", async () => {
    const c = await customer();
    await c.send({ text: "Quanto costa una lezione privata di due ore?" });
    await c.send({ text: "Grazie mille!" });
    await c.drain();
    const rows = await c.all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "proposed", intent: "price_question", language: "it" });
  });

  it("'Hallo!' and then a question in one burst: one draft, for the question (the job coalesced)", async () => {
    const c = await customer();
    await c.send({ text: "Hallo!" });
    await c.send({ text: "Was kostet eine Privatstunde?" });
    const [job] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), eq(jobs.key, c.conversationId())));
    expect(job).toMatchObject({ state: "queued" });
    await c.drain();
    const rows = await c.all();
    expect(rows).toHaveLength(1);
    // Whether the classifier is sure enough to propose is the policy's call; the turn was read as the question.
    expect(rows[0]).toMatchObject({
      intent: "price_question",
      language: "de",
      messageId: (await c.current())[0]!.messageId,
    });
  });

  it("a real question after the draft re-drafts the turn, and the old proposal points at its replacement", async () => {
    const c = await customer();
    await c.send({ text: "Hello!" });
    await c.drain();
    const [greeting] = await c.current();
    const question = await c.send({ text: "How much is a private lesson for two?" });
    await c.drain();
    const [answer] = await c.current();
    expect(answer).toMatchObject({ state: "proposed", intent: "price_question", messageId: question.id });
    const [old] = await db.select().from(drafts).where(eq(drafts.id, greeting!.id));
    expect(old).toMatchObject({ state: "superseded", supersededBy: answer!.id });
  });
});

describe("the turn's boundaries", () => {
  it("rejecting dismisses the turn until the customer writes again", async () => {
    const c = await customer();
    await c.send({ text: "Can I book a lesson on Sunday?" });
    await c.drain();
    const [draft] = await c.current();
    const rejected = await rejectDraft({ instructorId: c.instructor.id, userId: "test-user", draftId: draft!.id });
    expect(rejected.kind).toBe("rejected");
    // The job runs again (a retry, the sweep…): nothing to draft, the dismissed turn stays dismissed.
    await db
      .update(jobs)
      .set({ state: "queued" })
      .where(and(eq(jobs.kind, DRAFT_TURN_JOB), eq(jobs.key, c.conversationId())));
    await c.drain();
    expect(await c.current()).toHaveLength(0);
    // The customer writes again: a new turn with only the new message.
    const again = await c.send({ text: "Or how much is it on Monday?" });
    await c.drain();
    const [fresh] = await c.current();
    expect(fresh).toMatchObject({ state: "proposed", intent: "price_question", messageId: again.id });
  });

  it("the instructor's reply closes the turn: the old proposal goes stale, the next turn starts after the reply", async () => {
    const c = await customer();
    const first = await c.send({ text: "Can I book a lesson on Sunday?" });
    await c.drain();
    const [draft] = await c.current();
    // A manual reply went out (sent on WhatsApp's clock after the question).
    await db.insert(messages).values({
      instructorId: c.instructor.id,
      conversationId: c.conversationId(),
      direction: "outbound",
      channel: "whatsapp",
      type: "text",
      body: "Yes, 10:00 works.",
      summary: "Yes, 10:00 works.",
      status: "sent",
      sentAt: new Date(first.sentAt!.getTime() + 60_000),
    });
    const next = await c.send({ text: "How much is it?", timestamp: Math.floor(first.sentAt!.getTime() / 1000) + 120 });
    await c.drain();
    const [now] = await c.current();
    expect(now).toMatchObject({ state: "proposed", intent: "price_question", messageId: next.id });
    expect((await db.select().from(drafts).where(eq(drafts.id, draft!.id)))[0]).toMatchObject({
      state: "superseded",
      supersededBy: now!.id,
    });
  });
});

describe("WhatsApp's clock", () => {
  it("a message sent 25 h ago and stored now is outside the window for the drafter and for the approval alike", async () => {
    const c = await customer();
    const sentAt = Math.floor(Date.now() / 1000) - 25 * 3600;
    await c.send({ text: "Can I book a lesson for next Saturday?", timestamp: sentAt });
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, c.conversationId()));
    expect(conversation!.lastInboundAt!.getTime()).toBe(sentAt * 1000);
    await c.drain();
    const [result] = await c.all();
    expect(result).toMatchObject({
      state: "not_drafted",
      reason: "no draft: outside the 24 h customer service window",
    });
    // Even a proposal made by hand is refused by the approval, from the same time.
    await db.update(drafts).set({ state: "proposed", proposedText: "Sure!" }).where(eq(drafts.id, result!.id));
    const approved = await approveAndSendDraft({
      instructorId: c.instructor.id,
      userId: "test-user",
      draftId: result!.id,
      config: { accessToken: "x", graphUrl: "http://127.0.0.1:9", timeoutMs: 100 } as never,
    });
    expect(approved.kind).toBe("window_closed");
  });

  it("a message re-delivered late sorts by when it was sent: it neither becomes the turn's newest nor re-drafts", async () => {
    const c = await customer();
    const t0 = Math.floor(Date.now() / 1000) - 600;
    await c.send({ text: "Quel est le prix d'une leçon ?", timestamp: t0 + 60 });
    await c.drain();
    const [draft] = await c.current();
    // WhatsApp retried an earlier message after a 503: stored now, sent before the question.
    await c.send({ text: "Bonjour", timestamp: t0 });
    await c.drain();
    expect(await c.current()).toEqual([expect.objectContaining({ id: draft!.id })]);
  });
});
