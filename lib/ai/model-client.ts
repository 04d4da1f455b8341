/**
 * The optional model classifier and drafter (touches the network): an OpenAI-compatible chat model
 * through the AI SDK, configured by AI_BASE_URL / AI_MODEL / AI_API_KEY / AI_TIMEOUT_MS. The answer is
 * structured output validated with zod; a timeout, an HTTP error or an answer that does not fit the
 * schema all come back as `{ ok: false }` so the caller falls back to the deterministic path.
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, Output } from "ai";
import { z } from "zod";
import type { LanguageCode } from "@/db/schema";
import { INTENTS } from "@/lib/classification/classify-message";
import { LANGUAGES } from "@/lib/classification/detect-language";
import { env } from "@/lib/env";

export const PROMPT_VERSION = "prompt-1";


export const modelAnswerSchema = z.object({
  intent: z.enum(INTENTS),
  language: z.enum(LANGUAGES),
  confidence: z.number().min(0).max(1),
  /** The proposed reply in the customer's language; null when the model would not reply. */
  reply: z.string().trim().min(1).max(1500).nullable(),
});
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

export interface ModelConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface ModelRequest {
  text: string;
  instructorName: string;
  priceText: string | null;
  /** The deterministic classifier's language, as a hint. */
  languageHint: LanguageCode;
}

export type ModelResult =
  | { ok: true; answer: ModelAnswer; generator: string; promptVersion: string }
  | { ok: false; error: string };

export interface ModelClient {
  readonly generator: string;
  classifyAndDraft(request: ModelRequest): Promise<ModelResult>;
}

const SYSTEM_PROMPT = `You help an independent instructor (ski, surf, sailing, driving, music...) answer WhatsApp messages from customers.
Classify the customer's message and propose a short, friendly reply that the instructor will review before anything is sent.
Answer with a JSON object only, with exactly these keys:
- "intent": one of ${INTENTS.join(", ")}
- "language": the customer's language, one of ${LANGUAGES.join(", ")}
- "confidence": a number between 0 and 1
- "reply": the reply in the customer's language, or null if a human must answer (complaints, cancellations, refunds, safety).
For a booking request, ask for the date, time, level and group size. Never confirm a booking, a price or a time you were not given.`;

export function createModelClient(config: ModelConfig): ModelClient {
  // json_schema response format (OpenAI, vLLM, Ollama, llama.cpp, LM Studio accept it); zod validates anyway.
  const provider = createOpenAICompatible({ name: "ai", baseURL: config.baseUrl, apiKey: config.apiKey, supportsStructuredOutputs: true });
  const generator = `model:${config.model}`;
  return {
    generator,
    async classifyAndDraft(request) {
      try {
        const { output } = await generateText({
          model: provider.chatModel(config.model),
          output: Output.object({ schema: modelAnswerSchema, name: "inbound_draft" }),
          system: SYSTEM_PROMPT,
          prompt: [
            `Instructor: ${request.instructorName}`,
            `Instructor's price information: ${request.priceText ?? "(none given: do not quote prices)"}`,
            `Likely language: ${request.languageHint}`,
            `Customer message:\n"""${request.text}"""`,
          ].join("\n"),
          temperature: 0,
          maxRetries: 0,
          timeout: config.timeoutMs,
        });
        // Output.object already validated it; parse again so a schema change cannot slip through untyped.
        const answer = modelAnswerSchema.parse(output);
        return { ok: true, answer, generator, promptVersion: PROMPT_VERSION };
      } catch (error) {
        return { ok: false, error: describeError(error) };
      }
    },
  };
}

/** The model from lib/env, or null when AI_BASE_URL / AI_MODEL are not set (deterministic path only). */
export function modelClientFromEnv(): ModelClient | null {
  if (!env.AI_BASE_URL || !env.AI_MODEL) return null;
  return createModelClient({ baseUrl: env.AI_BASE_URL, model: env.AI_MODEL, apiKey: env.AI_API_KEY, timeoutMs: env.AI_TIMEOUT_MS });
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name === "Error" ? "" : `${error.name}: `;
    return `${name}${error.message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
