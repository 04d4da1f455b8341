/**
 * The benchmarks' slow model: the fake OpenAI-compatible server on loopback (tests/helpers/fake-model-server.ts)
 * answering one booking after `delayMs`, and the AI_* environment that points the app and its workers at it.
 * Shared by `npm run bench` and scripts/bench/cost-per-request.ts.
 */
import { startFakeModelServer, type FakeModelServer } from "@/tests/helpers/fake-model-server";

export async function startSlowModel(
  delayMs: number,
): Promise<{ model: FakeModelServer; env: Record<string, string> }> {
  const model = await startFakeModelServer({
    delayMs,
    answer: {
      intent: "booking_request",
      language: "it",
      confidence: 0.95,
      reply: "Ciao! Sabato alle 10 abbiamo posto.",
    },
  });
  return {
    model,
    env: { AI_BASE_URL: model.baseUrl, AI_MODEL: "bench-fake-model", AI_API_KEY: "bench", AI_TIMEOUT_MS: "8000" },
  };
}
