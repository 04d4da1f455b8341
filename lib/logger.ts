/**
 * Structured JSON logs (pino); pretty and readable in development. Touches the outside (stdout).
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { env } from "./env";

function createLogger(): Logger {
  const level = env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "warn" : "info");
  const base = { level, base: { service: "instructor-inbox" }, timestamp: pino.stdTimeFunctions.isoTime };
  if (env.NODE_ENV === "development") {
    // A synchronous pretty stream (no worker-thread transport: those do not survive Next's bundling).
    return pino(base, pretty({ sync: true, colorize: true, translateTime: "SYS:HH:MM:ss.l" }));
  }
  return pino(base);
}

const globalForLogger = globalThis as unknown as { __inboxLogger?: Logger };
export const logger: Logger = globalForLogger.__inboxLogger ?? createLogger();
globalForLogger.__inboxLogger = logger;

/** A child logger carrying the request id (from the `x-request-id` header set by proxy.ts). */
export function requestLogger(headers: Headers, extra?: Record<string, unknown>): Logger {
  return logger.child({ requestId: headers.get("x-request-id") ?? undefined, ...extra });
}
