/**
 * In-process cost of the webhook's pieces, without HTTP or Next.js: the signature check, JSON + envelope
 * parsing, and `ingestWhatsappDelivery` (the database transactions) at a fixed number in flight. Imported
 * after DATABASE_URL points at the bench database.
 */
import { ingestWhatsappDelivery } from "@/db/ingestion/ingest-whatsapp-delivery";
import { verifySignature } from "@/lib/whatsapp/verify-signature";
import { parseWebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { logger } from "@/server/logger";
import { deliveryGenerator, DEFAULT_MIX, newTracker } from "./webhook-load";
import { percentile, round } from "./stats";

function microsPerOp(fn: () => void, ops: number): number {
  for (let i = 0; i < Math.min(1000, ops); i++) fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) fn();
  return round(Number(process.hrtime.bigint() - started) / 1e3 / ops, 2);
}

export async function profileIngestion({
  appSecret,
  phoneNumberIds,
  durationS,
  concurrency = 10,
}: {
  appSecret: string;
  phoneNumberIds: string[];
  durationS: number;
  concurrency?: number;
}) {
  const tracker = newTracker("inproc");
  const next = deliveryGenerator({
    phase: "inproc",
    phoneNumberIds,
    appSecret,
    mix: { ...DEFAULT_MIX, duplicateShare: 0 },
    tracker,
  });
  const sample = next();
  const raw = new TextEncoder().encode(sample.body);
  const verifySignatureUs = microsPerOp(
    () => verifySignature({ rawBody: raw, signatureHeader: sample.signature, appSecret }),
    20_000,
  );
  const parseUs = microsPerOp(() => parseWebhookDelivery(JSON.parse(new TextDecoder().decode(raw))), 20_000);

  const quiet = logger.child({});
  quiet.level = "silent";
  const latencies: number[] = [];
  let deliveries = 0;
  let stored = 0;
  const deadline = Date.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const built = next();
        const parsed = parseWebhookDelivery(JSON.parse(built.body));
        if (!parsed.ok) throw new Error("generated delivery did not parse");
        const started = process.hrtime.bigint();
        const result = await ingestWhatsappDelivery({ delivery: parsed.delivery, log: quiet });
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        deliveries += 1;
        stored += result.stored;
      }
    }),
  );
  return {
    bodyBytes: raw.byteLength,
    verifySignatureUs,
    parseUs,
    ingest: {
      concurrency,
      durationS,
      deliveriesPerSec: round(deliveries / durationS, 1),
      messagesStoredPerSec: round(stored / durationS, 1),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      note: "ingestWhatsappDelivery only (no draft orchestration, no HTTP), same bench database",
    },
  };
}
