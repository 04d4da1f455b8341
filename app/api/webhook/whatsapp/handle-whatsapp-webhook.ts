/**
 * The WhatsApp webhook (TA-3, PRODUCT.md Interfaces), as functions taking their dependencies, so the
 * route stays a few lines and a test can point one at another database (or a dead one).
 *
 * POST, in order: size (413) → signature (401) → JSON (400) → envelope (400; also a delivery whose items
 * are all broken) → broken items quarantined raw → the delivery stored durably as one `file_delivery` job
 * (one INSERT; 200, or 503 when the database fails, so WhatsApp retries). That is all this event loop does
 * (issue 12): a worker files the job (db/ingestion/file-delivery-job.ts: the conversation, the message and
 * its turn's drafting job, each message whole or not at all; a bug on one payload is quarantined there),
 * and drafting is a job of its own after that. Nothing is answered 200 before it is stored; no invalid
 * input writes a row.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { db as defaultDb, type Db } from "@/db";
import { fileDeliveryJob } from "@/db/ingestion/file-delivery-job";
import { enqueueJob } from "@/db/queue";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { recordQuarantined } from "@/db/queries/unroutable";
import { env } from "@/server/env";
import { AppError } from "@/lib/http/api-errors";
import { boundedRequestId } from "@/lib/http/request-guard";
import { logger } from "@/server/logger";
import type { Logger } from "pino";
import { verifySignature } from "@/lib/whatsapp/verify-signature";
import { parseWebhookDelivery, type RejectedWebhookItem } from "@/lib/whatsapp/webhook-payload";

/** WhatsApp's own maximum payload size is 3 MB. */
export const MAX_WEBHOOK_BODY_BYTES = 3 * 1024 * 1024;

export interface WhatsappWebhookOptions {
  database?: Db;
  /** Defaults to WHATSAPP_APP_SECRET. Unset outside production: unsigned posts allowed, loudly. */
  appSecret?: string | null;
  verifyToken?: string | null;
}

const SIGNATURE_MESSAGE = "Missing or wrong X-Hub-Signature-256.";

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * proxy.ts does not run for the webhook (its matcher leaves it out): the request id it would give is
 * given here, the same way (a caller's short plain id is kept), on the logs and on the response.
 */
function withRequestId<T extends unknown[]>(
  handler: (request: Request, log: Logger, ...rest: T) => Response,
): (request: Request, ...rest: T) => Response;
function withRequestId<T extends unknown[]>(
  handler: (request: Request, log: Logger, ...rest: T) => Promise<Response>,
): (request: Request, ...rest: T) => Promise<Response>;
function withRequestId<T extends unknown[]>(
  handler: (request: Request, log: Logger, ...rest: T) => Response | Promise<Response>,
) {
  return (request: Request, ...rest: T) => {
    const requestId = boundedRequestId(request.headers.get("x-request-id")) ?? randomUUID();
    const stamp = (response: Response) => {
      response.headers.set("x-request-id", requestId);
      // Next gzips every answer whose client accepts it, and it drops a route's Content-Length, so the
      // `compression` package's 1 KB threshold never applies: each acknowledgement of a few bytes got a gzip
      // stream of its own (8.8 % of the web process's CPU at 100 deliveries/s). no-transform turns that off.
      response.headers.set("cache-control", "no-store, no-transform");
      return response;
    };
    const response = handler(request, logger.child({ requestId, route: "webhook.whatsapp" }), ...rest);
    return response instanceof Response ? stamp(response) : response.then(stamp);
  };
}

/** GET: Meta's verification handshake. */
export const handleWhatsappWebhookGet = withRequestId(
  (request: Request, log: Logger, options: WhatsappWebhookOptions = {}): Response => {
    const verifyToken = options.verifyToken === undefined ? env.WHATSAPP_VERIFY_TOKEN : options.verifyToken;
    const params = new URL(request.url).searchParams;
    const mode = params.get("hub.mode");
    const token = params.get("hub.verify_token");
    const challenge = params.get("hub.challenge");
    if (verifyToken && mode === "subscribe" && token !== null && challenge !== null && sameSecret(token, verifyToken)) {
      return new Response(challenge, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    log.warn({ mode, configured: Boolean(verifyToken) }, "whatsapp webhook: verification refused");
    return new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  },
);

/** A broken item as a delivery of its own, so a replay runs it through the same parse and ingestion. */
function deliveryOfItem(rejected: RejectedWebhookItem): unknown {
  const value =
    rejected.item === "change"
      ? rejected.raw
      : {
          ...(rejected.value as Record<string, unknown>),
          [rejected.item === "message" ? "messages" : "statuses"]: [rejected.raw],
        };
  return { object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value }] }] };
}

function unavailable(error: unknown): Response {
  return new AppError("unavailable", undefined, { cause: error }).toResponse({ "retry-after": "30" });
}

/** POST: TA-3 ingestion. */
export const handleWhatsappWebhookPost = withRequestId(
  async (request: Request, log: Logger, options: WhatsappWebhookOptions = {}): Promise<Response> => {
    const database = options.database ?? defaultDb;
    const appSecret = options.appSecret === undefined ? env.WHATSAPP_APP_SECRET : options.appSecret;

    const raw = await readLimitedBody(request, MAX_WEBHOOK_BODY_BYTES);
    if (raw === "too_large")
      return new AppError("payload_too_large", "The delivery is larger than WhatsApp's 3 MB limit.").toResponse();

    if (appSecret) {
      if (!verifySignature({ rawBody: raw, signatureHeader: request.headers.get("x-hub-signature-256"), appSecret })) {
        log.warn("whatsapp webhook: missing or wrong X-Hub-Signature-256");
        return new AppError("unauthorized", SIGNATURE_MESSAGE).toResponse();
      }
    } else if (env.NODE_ENV === "production") {
      // server/env refuses to start without the secret in production; never accept unsigned posts there.
      return new AppError("unauthorized", SIGNATURE_MESSAGE).toResponse();
    } else {
      log.warn("⚠️  WHATSAPP_APP_SECRET is not set: accepting an UNSIGNED webhook post (development only)");
    }

    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
    } catch {
      return new AppError("invalid", "The body is not UTF-8 JSON.").toResponse();
    }

    const parsed = parseWebhookDelivery(parsedJson);
    if (!parsed.ok) {
      log.warn({ issues: parsed.issues }, "whatsapp webhook: not a WhatsApp envelope");
      return new AppError("invalid", "Not a WhatsApp webhook delivery.", {
        extra: { issues: parsed.issues },
      }).toResponse();
    }

    // Broken items are kept raw (never in conversations or messages), so nothing is silently lost.
    if (parsed.rejected.length > 0) {
      try {
        for (const rejected of parsed.rejected) {
          await recordQuarantined(
            {
              kind: "invalid_item",
              reason: rejected.issues.join("; "),
              phoneNumberId: rejected.phoneNumberId,
              value: deliveryOfItem(rejected),
              message: rejected.raw,
            },
            database,
          );
        }
      } catch (error) {
        log.error({ err: error }, "whatsapp webhook: could not quarantine broken items, answering 503");
        return unavailable(error);
      }
      log.warn(
        {
          quarantined: parsed.rejected.length,
          items: parsed.rejected.map((r) => ({ item: r.item, path: r.path, issues: r.issues })),
        },
        "whatsapp webhook: broken items quarantined (npm run unroutable -- list)",
      );
    }

    // Stored before the 200 (WhatsApp does not send it again after a 200); filed by a worker.
    const job = fileDeliveryJob(parsedJson, String(log.bindings().requestId));
    try {
      await enqueueJob(database, job);
    } catch (error) {
      // TA-3 failure mode: the database failed → non-2xx so WhatsApp retries; nothing was stored.
      log.error({ err: error }, "whatsapp webhook: could not store the delivery, answering 503");
      return unavailable(error);
    }
    log.debug({ delivery: job.key }, "whatsapp webhook: delivery queued for filing");
    return Response.json({ kind: "ok", ok: true, delivery: job.key });
  },
);
