/**
 * A fake WhatsApp Cloud API (Graph) server on loopback, port 0, speaking real HTTP.
 *
 * `POST /{version}/{phone_number_id}/messages` answers like Graph: a send gets
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid…" }] }`, a mark-as-read
 * `{ success: true }`. Tests queue per-request behaviours (an error payload exactly as Graph sends it,
 * a delay, a hang, a reset) and read back every call (count, headers, parsed body).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeGraphBehaviour =
  /** Answer with this status and JSON body (after `delayMs`). Omit `body` for Graph's default success. */
  | { kind: "json"; status: number; body?: unknown; delayMs?: number }
  /** Read the request, then never answer (the client's timeout fires). */
  | { kind: "hang" }
  /** Read the request, then destroy the socket without answering (connection reset mid-request). */
  | { kind: "reset"; delayMs?: number };

export interface FakeGraphCall {
  method: string;
  path: string;
  phoneNumberId: string | null;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
  /** The wamid the fake answered with, for a successful send. */
  wamid: string | null;
  receivedAt: Date;
}

export interface FakeGraphServer {
  /** Use as WHATSAPP_GRAPH_URL: "http://127.0.0.1:<port>/v23.0". */
  graphUrl: string;
  calls: FakeGraphCall[];
  /** Calls that sent a message (not mark-as-read). */
  sendCalls(): FakeGraphCall[];
  /** Queue behaviours for the next requests, in order; when the queue is empty the default applies. */
  enqueue(...behaviours: FakeGraphBehaviour[]): void;
  /** The behaviour when nothing is queued (initially: success). */
  setDefault(behaviour: FakeGraphBehaviour): void;
  reset(): void;
  close(): Promise<void>;
}

export function fakeWamid(): string {
  return `wamid.HBgL${randomBytes(18).toString("base64url").toUpperCase()}`;
}

const fbtrace = () => randomBytes(8).toString("base64url");

/** Graph error answers with the HTTP status and body Graph uses for each code (Cloud API error-code reference). */
export const graphErrors = {
  windowClosed: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 400,
    body: {
      error: {
        message: "(#131047) Re-engagement message",
        type: "OAuthException",
        code: 131047,
        error_data: {
          messaging_product: "whatsapp",
          details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
        fbtrace_id: fbtrace(),
      },
    },
  }),
  undeliverable: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 400,
    body: {
      error: {
        message: "(#131026) Message Undeliverable.",
        type: "OAuthException",
        code: 131026,
        error_data: { messaging_product: "whatsapp", details: "Message Undeliverable." },
        fbtrace_id: fbtrace(),
      },
    },
  }),
  rateLimited: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 400,
    body: {
      error: {
        message: "(#130429) Rate limit hit",
        type: "OAuthException",
        code: 130429,
        error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." },
        fbtrace_id: fbtrace(),
      },
    },
  }),
  pairRateLimited: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 400,
    body: {
      error: {
        message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        type: "OAuthException",
        code: 131056,
        error_data: {
          messaging_product: "whatsapp",
          details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
        },
        fbtrace_id: fbtrace(),
      },
    },
  }),
  badToken: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 401,
    body: {
      error: {
        message: "Error validating access token: Session has expired on Friday, 03-Jan-25 08:00:00 PST. The current time is Saturday, 04-Jan-25 09:12:44 PST.",
        type: "OAuthException",
        code: 190,
        error_subcode: 463,
        fbtrace_id: fbtrace(),
      },
    },
  }),
  invalidParameter: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 400,
    body: {
      error: {
        message: "(#131009) Parameter value is not valid",
        type: "OAuthException",
        code: 131009,
        error_data: { messaging_product: "whatsapp", details: "Parameter 'to' is not a valid phone number." },
        fbtrace_id: fbtrace(),
      },
    },
  }),
  serverError: (): FakeGraphBehaviour => ({
    kind: "json",
    status: 500,
    body: { error: { message: "An unknown error has occurred.", type: "OAuthException", code: 1, is_transient: true, fbtrace_id: fbtrace() } },
  }),
};

export async function startFakeGraphServer({ version = "v23.0", port: listenPort = 0 }: { version?: string; port?: number } = {}): Promise<FakeGraphServer> {
  const calls: FakeGraphCall[] = [];
  const queue: FakeGraphBehaviour[] = [];
  let fallback: FakeGraphBehaviour = { kind: "json", status: 200 };
  const sockets = new Set<import("node:net").Socket>();
  const pendingTimers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the raw text: the test will see a body that is not JSON
      }
      const match = new RegExp(`^/${version}/([^/]+)/messages$`).exec(req.url ?? "");
      const behaviour = queue.shift() ?? fallback;
      const isSend = !!body && typeof body === "object" && (body as { type?: unknown }).type !== undefined;
      const call: FakeGraphCall = {
        method: req.method ?? "",
        path: req.url ?? "",
        phoneNumberId: match ? decodeURIComponent(match[1]!) : null,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body,
        wamid: null,
        receivedAt: new Date(),
      };
      calls.push(call);

      if (req.method !== "POST" || !match) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "Unknown path components", type: "OAuthException", code: 2500, fbtrace_id: fbtrace() } }));
        return;
      }
      const later = (ms: number | undefined, fn: () => void) => {
        if (!ms) return fn();
        const t = setTimeout(() => {
          pendingTimers.delete(t);
          fn();
        }, ms);
        pendingTimers.add(t);
      };
      if (behaviour.kind === "hang") return;
      if (behaviour.kind === "reset") {
        later(behaviour.delayMs, () => req.socket.destroy());
        return;
      }
      later(behaviour.delayMs, () => {
        let answer = behaviour.body;
        if (answer === undefined) {
          if (isSend) {
            const to = String((body as { to?: unknown }).to ?? "");
            call.wamid = fakeWamid();
            answer = { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to.replace(/^\+/, "") }], messages: [{ id: call.wamid }] };
          } else {
            answer = { success: true };
          }
        }
        res.writeHead(behaviour.status, { "content-type": "application/json; charset=UTF-8" });
        res.end(JSON.stringify(answer));
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    graphUrl: `http://127.0.0.1:${port}/${version}`,
    calls,
    sendCalls: () => calls.filter((c) => !!c.body && typeof c.body === "object" && (c.body as { type?: unknown }).type !== undefined),
    enqueue: (...behaviours) => queue.push(...behaviours),
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    reset: () => {
      calls.length = 0;
      queue.length = 0;
      fallback = { kind: "json", status: 200 };
    },
    close: async () => {
      for (const t of pendingTimers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
