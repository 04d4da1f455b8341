/**
 * Webhook load for the benchmark: realistic signed WhatsApp deliveries generated on the fly inside
 * autocannon's setupRequest (new and returning senders, a mix of message types, 20 % exact re-posts of
 * a recent delivery as WhatsApp retries send them, ~10 % multi-message deliveries), with every message
 * id that went out recorded, and which of them a 200 acknowledged.
 */
import autocannon from "autocannon";
import { buildSimulatedDelivery, type SimulatedMessageType } from "@/scripts/whatsapp/build-simulated-delivery";
import { signBody } from "@/lib/whatsapp/verify-signature";
import { round } from "./stats";

export interface DeliveryMix {
  /** Share of requests that re-post a recent delivery byte for byte (same signature). */
  duplicateShare: number;
  /** Share of new deliveries carrying 2–3 messages. */
  multiShare: number;
  textOnly: boolean;
}

export const DEFAULT_MIX: DeliveryMix = { duplicateShare: 0.2, multiShare: 0.1, textOnly: false };

const TEXTS = [
  "Ciao! Avete posto sabato mattina per due bambini?",
  "Hello, how much is a private lesson for 2 hours?",
  "Can we move tomorrow's lesson to 14:00?",
  "Grazie mille, a domani!",
  "Hallo, habt ihr am Sonntag noch einen Skilehrer frei?",
  "I need to cancel Friday, sorry — my son is sick.",
];
const OTHER_TYPES: SimulatedMessageType[] = [
  "image",
  "audio",
  "location",
  "reaction",
  "contacts",
  "interactive",
  "sticker",
  "document",
];

export interface LoadTracker {
  phase: string;
  requestsBuilt: number;
  duplicateRequests: number;
  multiRequests: number;
  /** Every message id that went out in some request. */
  sent: Set<string>;
  /** Message ids of requests answered 200. */
  acked: Set<string>;
  /** Message ids of requests answered with something other than 200. */
  refused: Set<string>;
  /** Requests built but not answered (in flight when autocannon stopped, or on a reset connection). */
  pending: Map<number, string[]>;
  statuses: Map<number, number>;
}

export function newTracker(phase: string): LoadTracker {
  return {
    phase,
    requestsBuilt: 0,
    duplicateRequests: 0,
    multiRequests: 0,
    sent: new Set(),
    acked: new Set(),
    refused: new Set(),
    pending: new Map(),
    statuses: new Map(),
  };
}

/** A generator of signed deliveries for one load phase; message ids are `wamid.bench.<phase>.<n>`. */
export function deliveryGenerator({
  phase,
  phoneNumberIds,
  appSecret,
  mix,
  tracker,
}: {
  phase: string;
  phoneNumberIds: string[];
  appSecret: string;
  mix: DeliveryMix;
  tracker: LoadTracker;
}) {
  let counter = 0;
  let senderCounter = 0;
  const recentBodies: { body: string; signature: string; ids: string[] }[] = [];
  const recentSenders: string[][] = phoneNumberIds.map(() => []);
  const recentIds: string[] = [];
  const senderPrefix = `39${String(phase.length * 7 + phase.charCodeAt(0))
    .padStart(3, "0")
    .slice(-3)}`;

  const pickSender = (instructor: number): string => {
    const pool = recentSenders[instructor]!;
    if (pool.length > 0 && Math.random() < 0.5) return pool[Math.floor(Math.random() * pool.length)]!;
    const from = `${senderPrefix}${String(senderCounter++).padStart(7, "0")}`;
    pool.push(from);
    if (pool.length > 200) pool.shift();
    return from;
  };

  const messageFor = (phoneNumberId: string, from: string) => {
    const id = `wamid.bench.${phase}.${counter++}`;
    let type: SimulatedMessageType = "text";
    if (!mix.textOnly && Math.random() < 0.3) type = OTHER_TYPES[Math.floor(Math.random() * OTHER_TYPES.length)]!;
    const targetId =
      type === "reaction" && recentIds.length > 0 ? recentIds[Math.floor(Math.random() * recentIds.length)] : undefined;
    const delivery = buildSimulatedDelivery({
      phoneNumberId,
      from,
      id,
      type,
      text: TEXTS[counter % TEXTS.length],
      name: `Customer ${from.slice(-4)}`,
      targetId,
    }) as { entry: { changes: { value: { contacts: unknown[]; messages: unknown[] } }[] }[] };
    recentIds.push(id);
    if (recentIds.length > 500) recentIds.shift();
    return { id, value: delivery.entry[0]!.changes[0]!.value, delivery };
  };

  return function next(): { body: string; signature: string; ids: string[] } {
    tracker.requestsBuilt += 1;
    if (recentBodies.length > 20 && Math.random() < mix.duplicateShare) {
      tracker.duplicateRequests += 1;
      return recentBodies[Math.floor(Math.random() * recentBodies.length)]!;
    }
    const instructor = Math.floor(Math.random() * phoneNumberIds.length);
    const phoneNumberId = phoneNumberIds[instructor]!;
    const first = messageFor(phoneNumberId, pickSender(instructor));
    const ids = [first.id];
    if (Math.random() < mix.multiShare) {
      tracker.multiRequests += 1;
      // WhatsApp batches: more messages of the same sender, or of another sender, in one change.
      const extra = 1 + Math.floor(Math.random() * 2);
      const from = Math.random() < 0.5 ? (first.value.messages[0] as { from: string }).from : pickSender(instructor);
      for (let k = 0; k < extra; k++) {
        const more = messageFor(phoneNumberId, from);
        first.value.messages.push(...more.value.messages);
        if (from !== (first.value.messages[0] as { from: string }).from)
          first.value.contacts.push(...more.value.contacts);
        ids.push(more.id);
      }
    }
    const body = JSON.stringify(first.delivery);
    const built = { body, signature: signBody(body, appSecret), ids };
    recentBodies.push(built);
    if (recentBodies.length > 300) recentBodies.shift();
    return built;
  };
}

export interface LoadResult {
  route: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

function summarize(route: string, connections: number, durationS: number, r: autocannon.Result): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(
    (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
  ))
    statusCodes[code] = stat.count;
  return {
    route,
    connections,
    durationS,
    requests: r.requests.total,
    requestsPerSec: round(r.requests.total / durationS, 1),
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
  };
}

/** GET load (the liveness ceiling). */
export async function loadGet({
  baseUrl,
  path,
  connections,
  durationS,
  overallRate,
}: {
  baseUrl: string;
  path: string;
  connections: number;
  durationS: number;
  /** Requests per second in all (a steady rate, as the webhook's steady phase); unset: as fast as answered. */
  overallRate?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}${path}`,
    connections,
    duration: durationS,
    method: "GET",
    ...(overallRate ? { overallRate } : {}),
  });
  return summarize(`GET ${path}`, connections, durationS, result);
}

/** POST load of generated deliveries to the webhook; `next` gives each request's body. */
export async function loadWebhook({
  baseUrl,
  connections,
  durationS,
  next,
  tracker,
  label = "POST /api/webhook/whatsapp",
  overallRate,
}: {
  baseUrl: string;
  connections: number;
  durationS: number;
  next: () => { body: string; signature: string; ids: string[] };
  tracker: LoadTracker;
  label?: string;
  /** A steady rate (requests/s over all connections) instead of as fast as possible. */
  overallRate?: number;
}): Promise<LoadResult> {
  let requestSeq = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: durationS,
    timeout: 30,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: "POST",
        path: "/api/webhook/whatsapp",
        setupRequest: (req, context) => {
          const built = next();
          const seq = requestSeq++;
          for (const id of built.ids) tracker.sent.add(id);
          tracker.pending.set(seq, built.ids);
          (context as { seq?: number }).seq = seq;
          return {
            ...req,
            body: built.body,
            headers: { ...req.headers, "content-type": "application/json", "x-hub-signature-256": built.signature },
          };
        },
        onResponse: (status, _body, context) => {
          const seq = (context as { seq?: number }).seq;
          const ids = seq === undefined ? undefined : tracker.pending.get(seq);
          tracker.statuses.set(status, (tracker.statuses.get(status) ?? 0) + 1);
          if (seq === undefined || !ids) return;
          tracker.pending.delete(seq);
          for (const id of ids) (status === 200 ? tracker.acked : tracker.refused).add(id);
        },
      },
    ],
  });
  return summarize(label, connections, durationS, result);
}

interface PostLoad {
  baseUrl: string;
  connections: number;
  durationS: number;
  body: string;
}

/** The same body POSTed for the whole duration, every answer counted (no per-message bookkeeping). */
async function loadPost(
  label: string,
  path: string,
  headers: Record<string, string>,
  { baseUrl, connections, durationS, body }: PostLoad,
): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}${path}`,
    connections,
    duration: durationS,
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return summarize(label, connections, durationS, result);
}

/** The bare framework route (bench/bare): POST with a body of the webhook's size, read and answered 200. */
export function loadBare(load: PostLoad): Promise<LoadResult> {
  return loadPost("POST /api/bare (bare Next route)", "/api/bare", {}, load);
}

/** Requests whose signature is wrong: the whole pipeline and the HMAC check, but no JSON, no database (401). */
export function loadWebhookUnsigned(load: PostLoad): Promise<LoadResult> {
  return loadPost(
    "POST /api/webhook/whatsapp (bad signature → 401)",
    "/api/webhook/whatsapp",
    { "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
    load,
  );
}

/**
 * Turns of two messages, as a customer writes them: a first question from a new sender ("Do you have a free
 * slot on Saturday?"), then `gapRequests` requests later (at a steady rate, gapRequests × the spacing) the
 * details from the same sender. Every
 * delivery is new (no duplicates); ids are `wamid.bench.<phase>.<n>`. For measuring the drafting debounce.
 */
export function greetingThenQuestionGenerator({
  phase,
  phoneNumberIds,
  appSecret,
  tracker,
  gapRequests = 50,
}: {
  phase: string;
  phoneNumberIds: string[];
  appSecret: string;
  tracker: LoadTracker;
  gapRequests?: number;
}) {
  let counter = 0;
  let request = 0;
  const questions: { due: number; phoneNumberId: string; from: string }[] = [];
  // Both halves ask something (a bare "Hallo!" asks nothing and is never drafted on its own anyway).
  const openers = [
    "Hallo! Habt ihr am Samstag noch einen Skilehrer frei?",
    "Ciao! Avete posto sabato mattina?",
    "Hi! Do you have a free slot on Saturday?",
  ];
  return function next(): { body: string; signature: string; ids: string[] } {
    tracker.requestsBuilt += 1;
    const current = request++;
    const due = questions[0] && questions[0].due <= current ? questions.shift()! : null;
    const phoneNumberId = due?.phoneNumberId ?? phoneNumberIds[current % phoneNumberIds.length]!;
    const from =
      due?.from ?? `41${String(phase.length * 7 + phase.charCodeAt(0)).slice(-3)}${String(current).padStart(7, "0")}`;
    if (!due) questions.push({ due: current + gapRequests, phoneNumberId, from });
    const id = `wamid.bench.${phase}.${counter++}`;
    const delivery = buildSimulatedDelivery({
      phoneNumberId,
      from,
      id,
      type: "text",
      text: due ? "It would be for two kids, beginners, around 10. How much is it?" : openers[current % openers.length],
      name: `Customer ${from.slice(-4)}`,
    });
    const body = JSON.stringify(delivery);
    return { body, signature: signBody(body, appSecret), ids: [id] };
  };
}
