/**
 * TA-3 step 5: orchestration runs after the response, so a slow model (2 s) does not change the webhook's
 * latency. Calls the real route handler with real Requests; the model is a fake OpenAI-compatible server
 * on loopback, configured through lib/env the way production configures it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
  process.env.WHATSAPP_VERIFY_TOKEN = "test-verify-token";
});

import { eq } from "drizzle-orm";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { db } from "@/db";
import { drafts } from "@/db/schema";
import { PROMPT_VERSION } from "@/lib/ai/model-client";
import { env } from "@/lib/env";
import { settleDetachedTasks } from "@/lib/run-after-response";
import { buildSimulatedDelivery } from "@/lib/whatsapp/build-simulated-delivery";
import { webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestInstructor } from "../helpers/factories";
import { startFakeModelServer, type FakeModelServer } from "../helpers/fake-model-server";

let fake: FakeModelServer;
const saved = { AI_BASE_URL: env.AI_BASE_URL, AI_MODEL: env.AI_MODEL };

beforeAll(async () => {
  fake = await startFakeModelServer({
    delayMs: 2_000,
    answer: { intent: "booking_request", language: "en", confidence: 0.9, reply: "Happy to! Which day, time, level and group size?" },
  });
});
afterAll(async () => {
  await settleDetachedTasks();
  Object.assign(env, saved);
  await fake.close();
});

async function timePosts(phoneNumberId: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const body = JSON.stringify(
      buildSimulatedDelivery({ phoneNumberId, from: `3934${String(Date.now()).slice(-6)}${i}`, name: "Anna", text: `Hi, could I book a ski lesson for Saturday? (${i})` }),
    );
    const started = performance.now();
    const response = await POST(webhookRequest(body));
    times.push(performance.now() - started);
    expect(response.status).toBe(200);
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("webhook latency with a slow model", () => {
  it("a 2 s model leaves the webhook's latency unchanged (generous bound), and the drafts still come from the model", async () => {
    const instructor = await createTestInstructor();
    // Warm up (module loading, first queries), then measure without a model.
    env.AI_BASE_URL = undefined;
    env.AI_MODEL = undefined;
    await timePosts(instructor.whatsappPhoneNumberId!, 3);
    await settleDetachedTasks();
    const withoutModel = median(await timePosts(instructor.whatsappPhoneNumberId!, 9));
    await settleDetachedTasks();

    env.AI_BASE_URL = fake.baseUrl;
    env.AI_MODEL = "fake-slow";
    const requestsBefore = fake.requests.length;
    const slowTimes = await timePosts(instructor.whatsappPhoneNumberId!, 9);
    const withSlowModel = median(slowTimes);
    console.log(`webhook median latency: no model ${withoutModel.toFixed(1)} ms, slow (2 s) model ${withSlowModel.toFixed(1)} ms`);

    // Each response came back long before the model could answer once.
    expect(Math.max(...slowTimes)).toBeLessThan(1_000);
    expect(withSlowModel).toBeLessThan(Math.max(withoutModel * 3, withoutModel + 150));

    // The model really was in play: after the responses, the drafts were made from its answers.
    await settleDetachedTasks();
    expect(fake.requests.length - requestsBefore).toBe(9);
    const rows = await db.select().from(drafts).where(eq(drafts.instructorId, instructor.id));
    expect(rows.filter((d) => d.generator === `model:fake-slow@${PROMPT_VERSION}`)).toHaveLength(9);
  }, 60_000);
});
