/**
 * The one error vocabulary of the HTTP API: every route answers `{ kind, message, ... }` with the status
 * this table gives the kind. Domain results (send, draft, customer, settings) already carry a `kind` and a
 * plain-words `message`; refusals the route itself makes are an `AppError`. The cause of a failure is
 * logged, never put in a body (a driver error carries SQL and its parameters).
 * Only web-standard Request/Response here; no framework or database imports.
 */

/** Every `kind` an API body can carry, and its HTTP status. */
const STATUS_BY_KIND = {
  // Success
  ok: 200,
  saved: 200,
  sent: 200,
  already_submitted: 200,
  rejected: 200,
  edited: 200,
  approved_not_sent: 202,
  unknown: 202,
  // Refusals
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  window_closed: 422,
  internal: 500,
  send_failed: 502,
  not_configured: 503,
  unavailable: 503,
} as const;

export type ApiKind = keyof typeof STATUS_BY_KIND;
export type ErrorKind = Extract<
  ApiKind,
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal"
  | "unavailable"
>;

const DEFAULT_MESSAGE: Record<ErrorKind, string> = {
  invalid: "Invalid request.",
  unauthorized: "Sign in required.",
  forbidden: "This request did not come from the inbox itself, so it was refused. Nothing changed.",
  not_found: "Not found.",
  conflict: "This was changed elsewhere. Reload and try again.",
  payload_too_large: "The request is too large.",
  unsupported_media_type: "Only JSON requests are accepted.",
  internal: "Something went wrong on our side. Nothing was changed; try again.",
  unavailable: "The inbox cannot reach its database just now. Nothing was changed; try again in a moment.",
};

export function statusForKind(kind: ApiKind): number {
  return STATUS_BY_KIND[kind];
}

/** A refusal a route (or a helper it calls) makes: the kind decides the status, the message is shown. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly extra: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, message?: string, options?: { cause?: unknown; extra?: Record<string, unknown> }) {
    super(message ?? DEFAULT_MESSAGE[kind], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.extra = options?.extra;
  }

  get status(): number {
    return STATUS_BY_KIND[this.kind];
  }

  /** The body never includes the cause. */
  toResponse(headers?: HeadersInit): Response {
    return Response.json({ ...this.extra, kind: this.kind, message: this.message }, { status: this.status, headers });
  }
}

/** A domain result as an HTTP answer: the body is the result, the status comes from its kind. */
export function resultResponse<R extends { kind: ApiKind }>(result: R, options?: { created?: boolean }): Response {
  const status = result.kind === "saved" && options?.created ? 201 : STATUS_BY_KIND[result.kind];
  return Response.json(result, { status });
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * True when the error (or one of its causes) comes from the database: a drizzle query error, a postgres.js
 * server error or lost connection, or a PGlite error. Duck-typed, so this file imports no driver.
 */
export function isDatabaseError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const e = current as {
      name?: unknown;
      code?: unknown;
      query?: unknown;
      severity?: unknown;
      constructor?: { name?: string };
    };
    const name = typeof e.name === "string" ? e.name : e.constructor?.name;
    if (name === "DrizzleQueryError" || name === "PostgresError" || (typeof e.query === "string" && "params" in e))
      return true;
    if (typeof e.severity === "string" && typeof e.code === "string") return true;
    if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Any thrown value as an AppError: kept if it is one; a database failure → unavailable (503); else internal (500). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(isDatabaseError(error) ? "unavailable" : "internal", undefined, { cause: error });
}
