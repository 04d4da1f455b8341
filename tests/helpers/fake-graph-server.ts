/**
 * A fake WhatsApp Cloud API (Graph) server on loopback, port 0, speaking real HTTP.
 *
 * `POST /{version}/{phone_number_id}/messages` answers like Graph: a send gets
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid…" }] }`, a mark-as-read
 * `{ success: true }`. Tests queue per-request behaviours (an error payload exactly as Graph sends it,
 * a delay, a hang, a reset) and read back every call (count, headers, parsed body).
 *
 * Also, without touching that queue: `GET /{version}/{waba_id}/message_templates` (a fixed catalogue,
 * see fakeTemplates), `GET /{version}/{media_id}` (url, mime_type, sha256, file_size) and the download
 * of that url with the bearer token, and `POST /{version}/{phone_number_id}/media` (multipart upload).
 * Media ids choose their file and behaviour, so a separate test process can drive them:
 * `…image…` a PNG, `…voice…`/`…audio…` an Ogg Opus voice note, `…document…` a PDF, `…video…` an MP4 stub,
 * `…failonce…` fails its first download (HTTP 500), `…badsha…` announces a wrong sha256, `…expired…` is
 * unknown to Graph (as after 7 days). A send of template `fake_error_<code>` is refused with that Graph
 * error code; tests can also register media with addMedia().
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { makeOggOpus, makePng } from "./media-samples";

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

export interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
  /** Announce this sha256 instead of the real one. */
  sha256?: string;
  /** Fail this many downloads with HTTP 500 before serving the bytes. */
  failDownloads?: number;
}

export interface FakeGraphServer {
  /** Register a media id (overrides the name-based catalogue). */
  addMedia(id: string, media: FakeMedia): void;
  /** Files uploaded with POST /{phone_number_id}/media, by the id the fake answered. */
  uploads: Map<string, { bytes: Buffer; mimeType: string; fileName: string; type: string | null }>;
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
          details:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
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
          details:
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
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
        message:
          "Error validating access token: Session has expired on Friday, 03-Jan-25 08:00:00 PST. The current time is Saturday, 04-Jan-25 09:12:44 PST.",
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
    body: {
      error: {
        message: "An unknown error has occurred.",
        type: "OAuthException",
        code: 1,
        is_transient: true,
        fbtrace_id: fbtrace(),
      },
    },
  }),
};

/** A fixed template catalogue as Graph lists it (status included: the client must keep APPROVED only). */
export function fakeTemplates(businessAccountId: string): unknown[] {
  const followUp = (language: string, body: string, footer: string, button: string) => ({
    id: `tpl-followup-${language}`,
    name: "lesson_followup",
    language,
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [
      { type: "HEADER", format: "TEXT", text: "Your lesson" },
      { type: "BODY", text: body, example: { body_text: [["Maria", "Giulia"]] } },
      { type: "FOOTER", text: footer },
      { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: button }] },
    ],
  });
  const catalogue: unknown[] = [
    followUp(
      "en_US",
      "Hi {{1}}, this is {{2}}. Shall we book your next lesson? *Reply to this message* and I will answer.",
      "Sent from the instructor inbox",
      "Yes please",
    ),
    followUp(
      "it",
      "Ciao {{1}}, sono {{2}}. Prenotiamo la prossima lezione? *Rispondi a questo messaggio* e ti rispondo.",
      "Inviato dalla inbox",
      "Sì grazie",
    ),
    {
      id: "tpl-named-en",
      name: "booking_reminder",
      language: "en",
      status: "APPROVED",
      category: "UTILITY",
      parameter_format: "NAMED",
      components: [
        {
          type: "BODY",
          text: "Hello {{first_name}}, a reminder of your lesson on {{day}}.",
          example: {
            body_text_named_params: [
              { param_name: "first_name", example: "Maria" },
              { param_name: "day", example: "Saturday" },
            ],
          },
        },
      ],
    },
    {
      id: "tpl-pending",
      name: "new_offer",
      language: "en_US",
      status: "PENDING",
      category: "MARKETING",
      components: [{ type: "BODY", text: "Offer" }],
    },
    {
      id: "tpl-paused",
      name: "old_offer",
      language: "en_US",
      status: "PAUSED",
      category: "MARKETING",
      components: [{ type: "BODY", text: "Offer" }],
    },
  ];
  // An account id starting with 9 also lists templates whose sends the fake refuses with each template error.
  if (businessAccountId.startsWith("9")) {
    for (const code of [132000, 132001, 132005, 132007, 132012, 132015, 132016]) {
      catalogue.push({
        id: `tpl-err-${code}`,
        name: `fake_error_${code}`,
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Hi {{1}}, error test." }],
      });
    }
    catalogue.push({
      id: "tpl-status-131047",
      name: "fake_status_131047",
      language: "en_US",
      status: "APPROVED",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Hi {{1}}, this one fails later." }],
    });
  }
  return catalogue;
}

const TEMPLATE_ERROR_TITLES: Record<number, string> = {
  132000: "Number of parameters does not match the expected number of params",
  132001: "Template name does not exist in the translation",
  132005: "Translated text too long",
  132007: "Template format character policy violated",
  132012: "Parameter format mismatch",
  132015: "Template is Paused",
  132016: "Template is Disabled",
};

/** A tiny but well-formed PDF. */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

function catalogueMedia(id: string): FakeMedia | null {
  if (id.includes("expired")) return null;
  const base: FakeMedia | null = id.includes("image")
    ? { bytes: makePng(), mimeType: "image/png" }
    : id.includes("voice") || id.includes("audio")
      ? { bytes: makeOggOpus(2), mimeType: "audio/ogg; codecs=opus" }
      : id.includes("document")
        ? { bytes: PDF, mimeType: "application/pdf" }
        : id.includes("svg")
          ? {
              bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
              mimeType: "image/svg+xml",
            }
          : id.includes("video")
            ? { bytes: Buffer.from("\x00\x00\x00\x18ftypmp42"), mimeType: "video/mp4" }
            : null;
  if (!base) return null;
  return {
    ...base,
    failDownloads: id.includes("failonce") ? 1 : 0,
    ...(id.includes("badsha") ? { sha256: "0".repeat(64) } : {}),
  };
}

export async function startFakeGraphServer({
  version = "v23.0",
  port: listenPort = 0,
}: { version?: string; port?: number } = {}): Promise<FakeGraphServer> {
  const calls: FakeGraphCall[] = [];
  const queue: FakeGraphBehaviour[] = [];
  let fallback: FakeGraphBehaviour = { kind: "json", status: 200 };
  const sockets = new Set<import("node:net").Socket>();
  const pendingTimers = new Set<NodeJS.Timeout>();

  const media = new Map<string, FakeMedia>();
  const downloads = new Map<string, number>();
  const uploads: FakeGraphServer["uploads"] = new Map();
  let selfUrl = "";
  const graphError = (res: http.ServerResponse, status: number, code: number, message: string) => {
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify({ error: { message, type: "OAuthException", code, fbtrace_id: fbtrace() } }));
  };
  const record = (req: http.IncomingMessage, body: unknown) =>
    calls.push({
      method: req.method ?? "",
      path: req.url ?? "",
      phoneNumberId: null,
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body,
      wamid: null,
      receivedAt: new Date(),
    });

  /** Templates, media metadata, downloads and uploads: answered here, never from the behaviour queue. */
  function handleTemplatesAndMedia(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://fake");
    const templates = new RegExp(`^/${version}/([^/]+)/message_templates$`).exec(url.pathname);
    const download = /^\/media-download\/([^/]+)$/.exec(url.pathname);
    const upload = new RegExp(`^/${version}/([^/]+)/media$`).exec(url.pathname);
    const metadata = new RegExp(`^/${version}/([^/]+)$`).exec(url.pathname);
    if (req.method === "GET" && templates) {
      record(req, "");
      if (!req.headers.authorization?.startsWith("Bearer "))
        return (graphError(res, 401, 190, "Invalid OAuth access token."), true);
      const all = fakeTemplates(decodeURIComponent(templates[1]!));
      // Two pages, so the client must follow paging.next.
      const after = Number(url.searchParams.get("after") ?? 0);
      const page = all.slice(after, after + 3);
      const next =
        after + 3 < all.length
          ? `${selfUrl}${url.pathname}?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), after: String(after + 3) })}`
          : undefined;
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      res.end(
        JSON.stringify({ data: page, paging: { cursors: { before: "b", after: "a" }, ...(next ? { next } : {}) } }),
      );
      return true;
    }
    if (req.method === "GET" && download) {
      record(req, "");
      const id = decodeURIComponent(download[1]!);
      const file = media.get(id) ?? catalogueMedia(id);
      if (!req.headers.authorization?.startsWith("Bearer "))
        return (graphError(res, 401, 190, "Invalid OAuth access token."), true);
      if (!file) return (graphError(res, 404, 100, "Media not found"), true);
      const attempt = (downloads.get(id) ?? 0) + 1;
      downloads.set(id, attempt);
      if (attempt <= (file.failDownloads ?? 0)) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("temporarily unavailable");
        return true;
      }
      res.writeHead(200, { "content-type": file.mimeType, "content-length": file.bytes.length });
      res.end(file.bytes);
      return true;
    }
    if (req.method === "POST" && upload) {
      record(req, { upload: true, bytes: raw.length });
      void new Response(new Uint8Array(raw), { headers: { "content-type": req.headers["content-type"] ?? "" } })
        .formData()
        .then(async (form) => {
          const file = form.get("file");
          if (form.get("messaging_product") !== "whatsapp" || !(file instanceof Blob))
            return graphError(res, 400, 100, "(#100) The parameter messaging_product is required.");
          const id = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
          uploads.set(id, {
            bytes: Buffer.from(await file.arrayBuffer()),
            mimeType: file.type,
            fileName: (file as File).name ?? "",
            type: typeof form.get("type") === "string" ? (form.get("type") as string) : null,
          });
          res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
          res.end(JSON.stringify({ id }));
        })
        .catch(() => graphError(res, 400, 100, "(#100) Invalid multipart body."));
      return true;
    }
    if (req.method === "GET" && metadata) {
      record(req, "");
      const id = decodeURIComponent(metadata[1]!);
      if (!req.headers.authorization?.startsWith("Bearer "))
        return (graphError(res, 401, 190, "Invalid OAuth access token."), true);
      const file = media.get(id) ?? catalogueMedia(id);
      // What Graph answers for a media id it no longer knows (expired after 7 days, or never existed).
      if (!file)
        return (
          graphError(
            res,
            400,
            100,
            `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          ),
          true
        );
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      res.end(
        JSON.stringify({
          messaging_product: "whatsapp",
          url: `${selfUrl}/media-download/${encodeURIComponent(id)}?ext=${Date.now()}`,
          mime_type: file.mimeType,
          sha256: file.sha256 ?? createHash("sha256").update(file.bytes).digest("hex"),
          file_size: String(file.bytes.length),
          id,
        }),
      );
      return true;
    }
    return false;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (handleTemplatesAndMedia(req, res, raw)) return;
      const text = raw.toString("utf8");
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
        res.end(
          JSON.stringify({
            error: { message: "Unknown path components", type: "OAuthException", code: 2500, fbtrace_id: fbtrace() },
          }),
        );
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
        let status = behaviour.status;
        const templateName = (body as { template?: { name?: unknown } } | null)?.template?.name;
        const templateError = typeof templateName === "string" ? /^fake_error_(\d+)$/.exec(templateName) : null;
        if (answer === undefined && templateError) {
          const code = Number(templateError[1]);
          status = 400;
          answer = {
            error: {
              message: `(#${code}) ${TEMPLATE_ERROR_TITLES[code] ?? "Template error"}`,
              type: "OAuthException",
              code,
              error_data: { messaging_product: "whatsapp", details: TEMPLATE_ERROR_TITLES[code] ?? "" },
              fbtrace_id: fbtrace(),
            },
          };
        }
        if (answer === undefined) {
          if (isSend) {
            const to = String((body as { to?: unknown }).to ?? "");
            call.wamid = fakeWamid();
            answer = {
              messaging_product: "whatsapp",
              contacts: [{ input: to, wa_id: to.replace(/^\+/, "") }],
              messages: [{ id: call.wamid }],
            };
          } else {
            answer = { success: true };
          }
        }
        res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
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
  selfUrl = `http://127.0.0.1:${port}`;

  return {
    graphUrl: `http://127.0.0.1:${port}/${version}`,
    calls,
    uploads,
    addMedia: (id, file) => {
      media.set(id, file);
    },
    sendCalls: () =>
      calls.filter((c) => !!c.body && typeof c.body === "object" && (c.body as { type?: unknown }).type !== undefined),
    enqueue: (...behaviours) => queue.push(...behaviours),
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    reset: () => {
      calls.length = 0;
      media.clear();
      downloads.clear();
      uploads.clear();
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
