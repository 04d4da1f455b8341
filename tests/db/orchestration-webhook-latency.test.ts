/**
 * The webhook stores the delivery and the filing lane ingests it: with a slow model (2 s) neither the
 * webhook's latency nor filing a delivery waits for it, because drafting is a queued job run by workers,
 * and every turn still gets its draft from the model. (No worker runs in the db suite: each post is filed
 * right after its answer, outside the webhook's timing, as the filing lane would.) Then a burst: N turns
 * with the 2 s model, all drafted by two cooperating workers within 2 s × turns ÷ workers (+ slack),
 * one model call per turn, nothing dropped (with the product's drafting debounce: the 👍 follow-ups
 * are coalesced into their turn's one draft). Real route handler, real Requests; the model is a fake
 * OpenAI-compatible server on loopback, configured through server/env the way production configures it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
  process.env.WHATSAPP_VERIFY_TOKEN = "test-verify-token";
});

import { eq, inArray } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { db } from "@/db";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { drainJobs, startJobWorker } from "@/db/queue";
import { drafts, messages } from "@/db/schema";
import { PROMPT_VERSION } from "@/lib/ai/model-request";
import { env } from "@/server/env";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestInstructor } from "../helpers/factories";
import { deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";
import { startFakeModelServer, type FakeModelServer } from "../helpers/fake-model-server";

const MODEL_MS = 2_000;
let fake: FakeModelServer;
const saved = { AI_BASE_URL: env.AI_BASE_URL, AI_MODEL: env.AI_MODEL, DRAFT_DEBOUNCE_MS: env.DRAFT_DEBOUNCE_MS };

beforeAll(async () => {
  fake = await startFakeModelServer({
    delayMs: MODEL_MS,
    answer: {
      intent: "booking_request",
      language: "en",
      confidence: 0.9,
      reply: "Happy to! Which day, time, level and group size?",
    },
  });
  registerDraftTurnJob(); // the model from server/env, as in production
});
afterAll(async () => {
  Object.assign(env, saved);
  await fake.close();
});

/** Filing times of every post, for the bound on filing (never waiting for the model either). */
const filingTimes: number[] = [];

/** Posts one delivery and files it; returns the webhook's latency (the POST alone). */
async function post(phoneNumberId: string, from: string, text: string): Promise<number> {
  const body = JSON.stringify(buildSimulatedDelivery({ phoneNumberId, from, name: "Anna", text }));
  const started = performance.now();
  const response = await POST(webhookRequest(body));
  const latency = performance.now() - started;
  expect(response.status).toBe(200);
  const filingStarted = performance.now();
  expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
  filingTimes.push(performance.now() - filingStarted);
  return latency;
}

async function timePosts(phoneNumberId: string, n: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++)
    times.push(
      await post(
        phoneNumberId,
        `3934${tag}${String(i).padStart(3, "0")}`,
        `Hi, could I book a ski lesson for Saturday? (${i})`,
      ),
    );
  return times;
}

async function conversationsOf(instructorId: string): Promise<string[]> {
  const rows = await db
    .select({ id: messages.conversationId })
    .from(messages)
    .where(eq(messages.instructorId, instructorId));
  return [...new Set(rows.map((r) => r.id))];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("webhook latency with a slow model", () => {
  it("a 2 s model leaves the webhook's latency unchanged (generous bound), and the drafts still come from the model", async () => {
    const instructor = await createTestInstructor();
    env.AI_BASE_URL = undefined;
    env.AI_MODEL = undefined;
    await timePosts(instructor.whatsappPhoneNumberId!, 3, "900");
    const withoutModel = median(await timePosts(instructor.whatsappPhoneNumberId!, 9, "901"));

    env.AI_BASE_URL = fake.baseUrl;
    env.AI_MODEL = "fake-slow";
    const slowInstructor = await createTestInstructor();
    const requestsBefore = fake.requests.length;
    filingTimes.length = 0;
    const slowTimes = await timePosts(slowInstructor.whatsappPhoneNumberId!, 9, "902");
    const withSlowModel = median(slowTimes);
    console.log(
      `webhook median latency: no model ${withoutModel.toFixed(1)} ms, slow (2 s) model ${withSlowModel.toFixed(1)} ms`,
    );
    // Each response came back long before the model could answer once, and so did each filing; no model
    // call was made in a request nor while filing.
    expect(Math.max(...slowTimes)).toBeLessThan(1_000);
    expect(filingTimes).toHaveLength(9);
    expect(Math.max(...filingTimes)).toBeLessThan(1_000);
    expect(withSlowModel).toBeLessThan(Math.max(withoutModel * 3, withoutModel + 150));
    expect(fake.requests.length).toBe(requestsBefore);

    // The workers make the drafts, from the model's answers.
    const keys = await conversationsOf(slowInstructor.id);
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys, concurrency: 9 });
    expect(fake.requests.length - requestsBefore).toBe(9);
    const rows = await db.select().from(drafts).where(eq(drafts.instructorId, slowInstructor.id));
    expect(rows.filter((d) => d.generator === `model:fake-slow@${PROMPT_VERSION}`)).toHaveLength(9);
  }, 60_000);
});

describe("a burst with a 2 s model: nothing is dropped", () => {
  it("N turns (some with a 👍 follow-up) are all drafted by two workers within 2 s × turns ÷ workers, one model call per turn", async () => {
    const TURNS = 48;
    const WORKERS = 2;
    const PER_WORKER = 6;
    // The product's debounce (the suite drafts at once): the workers, polling once a minute, wake on their own.
    env.DRAFT_DEBOUNCE_MS = 1200;
    env.AI_BASE_URL = fake.baseUrl;
    env.AI_MODEL = "fake-slow";
    const instructor = await createTestInstructor();
    const phoneNumberId = instructor.whatsappPhoneNumberId!;
    const requestsBefore = fake.requests.length;
    const senders = Array.from(
      { length: TURNS },
      (_, i) => `3935${String(Date.now()).slice(-4)}${String(i).padStart(3, "0")}`,
    );
    for (const [i, from] of senders.entries()) {
      await post(phoneNumberId, from, `Hi, could I book a ski lesson for Saturday? (${i})`);
      if (i % 4 === 0) await post(phoneNumberId, from, "👍");
    }
    const keys = await conversationsOf(instructor.id);
    expect(keys).toHaveLength(TURNS);

    const started = performance.now();
    const workers = Array.from({ length: WORKERS }, () =>
      startJobWorker({ kinds: [DRAFT_TURN_JOB], keys, concurrency: PER_WORKER, pollMs: 60_000 }),
    );
    try {
      await expect
        .poll(
          async () =>
            (await db.select({ id: drafts.id }).from(drafts).where(inArray(drafts.conversationId, keys))).length,
          { timeout: 60_000, interval: 200 },
        )
        .toBe(TURNS);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      env.DRAFT_DEBOUNCE_MS = saved.DRAFT_DEBOUNCE_MS;
    }
    const elapsed = performance.now() - started;
    const bound = (MODEL_MS * TURNS) / (WORKERS * PER_WORKER);
    console.log(
      `burst: ${TURNS} turns drafted in ${(elapsed / 1000).toFixed(1)} s by ${WORKERS}×${PER_WORKER} slots (ideal ${(bound / 1000).toFixed(1)} s)`,
    );
    expect(elapsed).toBeLessThan(bound * 1.5 + 3_000);
    expect(fake.requests.length - requestsBefore).toBe(TURNS);
    const rows = await db.select().from(drafts).where(inArray(drafts.conversationId, keys));
    expect(rows.every((d) => d.state === "proposed" && d.generator === `model:fake-slow@${PROMPT_VERSION}`)).toBe(true);
  }, 120_000);
});
