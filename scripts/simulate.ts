/**
 * `npm run simulate -- --phone-number-id … --from … --text "…" [--type image|reaction|location|…]
 *   [--name "Marco Rossi"] [--target wamid…] [--emoji 👍] [--status delivered] [--id wamid…]
 *   [--url http://localhost:3000]`
 *
 * Builds a realistic WhatsApp delivery (scripts/whatsapp/build-simulated-delivery.ts), signs it with
 * WHATSAPP_APP_SECRET (X-Hub-Signature-256) and posts it to the running server's webhook, for demos and
 * manual tests. `--type status --target <wamid> --status read` posts a status for a message we sent.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { env } from "@/server/env";
import {
  buildSimulatedDelivery,
  SIMULATED_MESSAGE_TYPES,
  type SimulatedMessageType,
} from "@/scripts/whatsapp/build-simulated-delivery";
import { signBody } from "@/lib/whatsapp/verify-signature";

const { values } = parseArgs({
  options: {
    "phone-number-id": { type: "string" },
    from: { type: "string" },
    text: { type: "string" },
    type: { type: "string", default: "text" },
    name: { type: "string" },
    target: { type: "string" },
    emoji: { type: "string" },
    status: { type: "string" },
    id: { type: "string" },
    url: { type: "string", default: `http://localhost:${env.PORT}` },
  },
});

const phoneNumberId = values["phone-number-id"];
const from = values.from?.replace(/^\+/, "");
const type = values.type as SimulatedMessageType;
if (!phoneNumberId || !from || !/^\d{5,20}$/.test(from)) {
  console.error('usage: npm run simulate -- --phone-number-id <id> --from <digits> --text "…" [--type …] [--url …]');
  process.exit(2);
}
if (!SIMULATED_MESSAGE_TYPES.includes(type)) {
  console.error(`error: --type must be one of ${SIMULATED_MESSAGE_TYPES.join(", ")}`);
  process.exit(2);
}

const delivery = buildSimulatedDelivery({
  phoneNumberId,
  from,
  type,
  text: values.text,
  name: values.name,
  id: values.id,
  targetId: values.target,
  emoji: values.emoji,
  status: values.status,
});
const body = JSON.stringify(delivery);
const headers: Record<string, string> = { "content-type": "application/json" };
// `npm start` without a secret in the environment generates one into .data/local-secrets.json: sign with it.
const localSecretsFile = ".data/local-secrets.json";
const appSecret =
  env.WHATSAPP_APP_SECRET ??
  (existsSync(localSecretsFile)
    ? (JSON.parse(readFileSync(localSecretsFile, "utf8")) as { WHATSAPP_APP_SECRET?: string }).WHATSAPP_APP_SECRET
    : undefined);
if (appSecret) {
  headers["x-hub-signature-256"] = signBody(body, appSecret);
} else {
  console.warn(
    "warning: WHATSAPP_APP_SECRET is not set, posting UNSIGNED (accepted only by a development server without a secret)",
  );
}

const url = new URL("/api/webhook/whatsapp", values.url).toString();
try {
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  const value = (
    delivery.entry as { changes: { value: { messages?: { id: string }[]; statuses?: { id: string }[] } }[] }[]
  )[0]!.changes[0]!.value;
  const id = value.messages?.[0]?.id ?? value.statuses?.[0]?.id;
  console.log(`POST ${url} → ${response.status} ${text}`);
  console.log(`${type === "status" ? "status for" : "message id"}: ${id}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`error: could not reach ${url}: ${(error as Error).message}`);
  process.exit(1);
}
