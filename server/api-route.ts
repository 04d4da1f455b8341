/**
 * Wraps a route handler so that anything it throws becomes the API's error vocabulary: an AppError answers
 * as itself; a database failure 503 `unavailable`; anything else 500 `internal`. The cause goes to the log
 * (redacted by the logger), never into the body.
 */
import { requestLogger } from "@/server/logger";
import { toAppError } from "@/lib/http/api-errors";

/** Next's redirect()/notFound() signal with a thrown error carrying a NEXT_ digest: let those through. */
function isFrameworkSignal(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_");
}

export function apiRoute<C>(
  name: string,
  handler: (request: Request, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (isFrameworkSignal(error)) throw error;
      const appError = toAppError(error);
      requestLogger(request.headers, { route: name }).error(
        { err: error, kind: appError.kind },
        `api ${name}: ${appError.kind}`,
      );
      return appError.toResponse(appError.kind === "unavailable" ? { "retry-after": "5" } : undefined);
    }
  };
}
