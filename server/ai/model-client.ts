/**
 * The optional model classifier and drafter (touches the network): an OpenAI-compatible chat model
 * through the AI SDK, configured by AI_BASE_URL / AI_MODEL / AI_API_KEY / AI_TIMEOUT_MS. The answer is
 * structured output validated with zod; a timeout, an HTTP error or an answer that does not fit the
 * schema all come back as `{ ok: false }` so the caller falls back to the deterministic path. The model
 * only proposes: its reply is checked by code (lib/drafting/check-model-reply.ts) and the policy decides.
 */
import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, Output } from "ai";
import {
  buildUserPrompt,
  modelAnswerSchema,
  PROMPT_VERSION,
  SYSTEM_PROMPT,
  type ModelClient,
} from "@/lib/ai/model-request";
import { env } from "@/server/env";

export interface ModelConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

const ANSWER_OUTPUT = Output.object({ schema: modelAnswerSchema, name: "inbound_draft" });

export function createModelClient(config: ModelConfig): ModelClient {
  // json_schema response format (OpenAI, vLLM, Ollama, llama.cpp, LM Studio accept it); zod validates anyway.
  const provider = createOpenAICompatible({
    name: "ai",
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    supportsStructuredOutputs: true,
  });
  const generator = `model:${config.model}`;
  // Built once per client, not per call: the chat model builds its response schemas when constructed, and
  // the output spec converts the zod schema to JSON Schema (together ~4 % of a drafting worker's CPU).
  const chatModel = provider.chatModel(config.model);
  return {
    generator,
    async classifyAndDraft(request) {
      try {
        const { output } = await generateText({
          model: chatModel,
          output: ANSWER_OUTPUT,
          system: SYSTEM_PROMPT,
          prompt: buildUserPrompt(request),
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

let fromEnv: { key: string; client: ModelClient } | null = null;

/**
 * The model from server/env, or null when AI_BASE_URL / AI_MODEL are not set (deterministic path only).
 * One client while the settings stay the same (every draft asks; tests change them).
 */
export function modelClientFromEnv(): ModelClient | null {
  if (!env.AI_BASE_URL || !env.AI_MODEL) return null;
  const config = {
    baseUrl: env.AI_BASE_URL,
    model: env.AI_MODEL,
    apiKey: env.AI_API_KEY,
    timeoutMs: env.AI_TIMEOUT_MS,
  };
  const key = JSON.stringify(config);
  if (fromEnv?.key !== key) fromEnv = { key, client: createModelClient(config) };
  return fromEnv.client;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name === "Error" ? "" : `${error.name}: `;
    return `${name}${error.message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
