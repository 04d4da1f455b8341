/**
 * Thin-route helpers: parse a JSON body or query with a zod schema into data, or a 400 Response that
 * names what is wrong. Only web-standard Request/Response; no framework imports.
 */
import type { z } from "zod";
import { AppError } from "@/lib/http/api-errors";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { MAX_API_BODY_BYTES } from "@/lib/http/request-guard";
import { fieldErrors } from "./inbox";

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

function invalid(error: z.ZodError): Response {
  const errors = fieldErrors(error);
  return new AppError("invalid", Object.values(errors)[0] ?? "Invalid request.", {
    extra: { fieldErrors: errors },
  }).toResponse();
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const bytes = await readLimitedBody(request, MAX_API_BODY_BYTES);
  if (bytes === "too_large") return { ok: false, response: new AppError("payload_too_large").toResponse() };
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, response: new AppError("invalid", "The request body is not JSON.").toResponse() };
  }
  const result = schema.safeParse(body);
  return result.success ? { ok: true, data: result.data } : { ok: false, response: invalid(result.error) };
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): Parsed<z.output<S>> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(params);
  return result.success ? { ok: true, data: result.data } : { ok: false, response: invalid(result.error) };
}

export const notFoundResponse = () => new AppError("not_found").toResponse();
export const unknownCursorResponse = () => new AppError("invalid", "Unknown cursor.").toResponse();
