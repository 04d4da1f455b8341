/**
 * A fake OpenAI-compatible chat-completions server on loopback (port 0): the outside world for tests of
 * the model path. Configurable answer (an object sent as the JSON content, or a function of the request),
 * delay, malformed answers and HTTP errors; it records every request it got.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeModelOptions {
  /** The JSON object the model "answers" (sent as the message content), or a function of the user prompt. */
  answer?: unknown | ((prompt: string) => unknown);
  delayMs?: number;
  /** Answer with content that is not JSON at all. */
  malformed?: boolean;
  /** Answer with this HTTP status and an OpenAI-style error body. */
  status?: number;
}

export interface FakeModelServer {
  baseUrl: string;
  requests: { path: string; body: Record<string, unknown> }[];
  configure(options: FakeModelOptions): void;
  close(): Promise<void>;
}

export async function startFakeModelServer(initial: FakeModelOptions = {}): Promise<FakeModelServer> {
  let options = initial;
  const requests: FakeModelServer["requests"] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      requests.push({ path: req.url, body });
      const respond = () => {
        if (res.destroyed) return;
        if (options.status && options.status >= 400) {
          res.writeHead(options.status, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "fake model error", type: "server_error", code: null } }));
          return;
        }
        const messages = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
        const prompt = String(
          messages
            .filter((m) => m.role === "user")
            .map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)))
            .join("\n"),
        );
        const answer =
          typeof options.answer === "function" ? (options.answer as (p: string) => unknown)(prompt) : options.answer;
        const content = options.malformed
          ? "Sure! Here is my answer: intent=booking, very confident"
          : JSON.stringify(answer ?? {});
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: String(body.model ?? "fake"),
            choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
      };
      if (options.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond();
        }, options.delayMs);
        timers.add(timer);
        res.on("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
      } else {
        respond();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    configure(next) {
      options = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
