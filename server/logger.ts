/**
 * Structured JSON logs (pino); pretty and readable in development. Touches the outside (stdout).
 * Redacted: known secret and personal-data paths, and every error through serializeError (no SQL
 * parameters); see lib/redact.ts.
 */
import pino, { type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";
import { env } from "./env";
import { REDACT_PATHS, REDACTED, scrubConsoleArg, serializeError } from "@/lib/redact";

const errSerializer = (error: unknown) => serializeError(error);

/** The options every logger of the app uses (exported so a test can write the same lines to memory). */
export function loggerOptions(): LoggerOptions {
  return {
    level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "warn" : "info"),
    base: { service: "instructor-inbox" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: errSerializer, error: errSerializer, quarantineErr: errSerializer, cause: errSerializer },
  };
}

function createLogger(): Logger {
  if (env.NODE_ENV === "development") {
    // A synchronous pretty stream (no worker-thread transport: those do not survive Next's bundling).
    return pino(loggerOptions(), pretty({ sync: true, colorize: true, translateTime: "SYS:HH:MM:ss.l" }));
  }
  return pino(loggerOptions());
}

const globalForLogger = globalThis as unknown as { __inboxLogger?: Logger; __inboxConsoleGuard?: boolean };
export const logger: Logger = globalForLogger.__inboxLogger ?? createLogger();
globalForLogger.__inboxLogger = logger;

/** A child logger carrying the request id (from the `x-request-id` header set by proxy.ts). */
export function requestLogger(headers: Headers, extra?: Record<string, unknown>): Logger {
  return logger.child({ requestId: headers.get("x-request-id") ?? undefined, ...extra });
}

/**
 * Next.js and libraries print some errors with console.error themselves (a page that throws during a
 * database outage): scrub those too. Installed once at server start.
 */
export function installConsoleGuard(): void {
  if (globalForLogger.__inboxConsoleGuard) return;
  globalForLogger.__inboxConsoleGuard = true;
  for (const method of ["error", "warn", "log", "info"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(...args.map(scrubConsoleArg));
  }
}
