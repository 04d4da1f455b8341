/** The client's calls to the app's own JSON API: every answer carries a plain-words `message`, refusals too. */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** GET or send JSON and return the body; a non-2xx answer throws ApiError with the server's message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { "content-type": "application/json", ...(init?.headers ?? {}) },
  });
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) throw new ApiError(body?.message ?? `Request failed (${response.status}).`, response.status, body);
  return body as T;
}

/**
 * Send a request whose every answer, success or refusal (409, 422, 502), is a `{ kind, message }` result
 * to show as it is; an answer without a body becomes a generic error result.
 */
export async function fetchResult<T extends { kind: string; message: string }>(
  url: string,
  init: RequestInit,
): Promise<T | { kind: "error"; message: string }> {
  const response = await fetch(url, init);
  return (
    ((await response.json().catch(() => null)) as T | null) ?? {
      kind: "error",
      message: `Request failed (${response.status}).`,
    }
  );
}
