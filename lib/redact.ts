/**
 * What never reaches a log line or a screen: SQL parameters (message bodies, phone numbers, session
 * tokens ride in them during an outage), secrets and request bodies. Pure; used by server/logger.ts and by
 * the console guard installed at server start (Next and libraries print some errors themselves).
 */

/** pino `redact` paths: known fields that carry secrets or personal data. */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
  "body",
  "*.body",
  "text",
  "*.text",
  "params",
  "*.params",
  "parameters",
  "*.parameters",
  "sessionToken",
  "*.sessionToken",
];

export const REDACTED = "[redacted]";

/** drizzle's DrizzleQueryError message is "Failed query: <sql>\nparams: <values>": keep the SQL, drop the values. */
export function scrubText(text: string): string {
  return text.replace(/(\bparams:)[^\n]*(\n(?!\s+at )[^\n]*)*/g, `$1 ${REDACTED}`);
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  severity?: string;
  cause?: SerializedError;
}

/**
 * An error for a log line: class, message and stack (scrubbed), a database error's code and severity,
 * and its causes; never the SQL parameters, never other fields (postgres.js errors carry `parameters`,
 * drizzle's `params`, both full of personal data).
 */
export function serializeError(error: unknown, depth = 0): SerializedError | unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? scrubText(error) : error;
  const e = error as Error & { code?: unknown; severity?: unknown; cause?: unknown };
  const type = e.name && e.name !== "Error" ? e.name : e.constructor?.name || "Error";
  const out: SerializedError = { type, message: scrubText(String(e.message)) };
  if (e.stack) out.stack = scrubText(e.stack);
  if (typeof e.code === "string") out.code = e.code;
  if (typeof e.severity === "string") out.severity = e.severity;
  if (e.cause !== undefined && depth < 5) out.cause = serializeError(e.cause, depth + 1) as SerializedError;
  return out;
}

/** A console argument made safe to print: errors serialized and scrubbed, strings scrubbed. */
export function scrubConsoleArg(arg: unknown): unknown {
  if (arg instanceof Error) {
    const s = serializeError(arg) as SerializedError;
    const causes: string[] = [];
    for (let c = s.cause; c; c = c.cause) causes.push(`[cause] ${c.type}: ${c.message}`);
    return [s.stack ?? `${s.type}: ${s.message}`, ...causes].join("\n");
  }
  if (typeof arg === "string") return scrubText(arg);
  return arg;
}
