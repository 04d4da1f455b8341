/**
 * A signed-in JSON route in a few declarative lines. In order: 401 without a session; the path's params;
 * `owns` (404 when false, before the body is read, so another instructor's id answers 404 whatever the
 * body); the zod-validated `query` and `body` (400/413); then `handler`. A handler answers with a Response
 * or with a domain result, which becomes `resultResponse(result)`. Anything thrown goes through `apiRoute`.
 */
import "server-only";
import type { z } from "zod";
import { resultResponse, type ApiKind } from "@/lib/http/api-errors";
import { notFoundResponse, parseJsonBody, parseQuery } from "@/lib/validation/parse-request";
import { apiRoute } from "./api-route";
import { requireSignedInApi, type SignedIn } from "./auth-session";

/** The params a route name declares: "POST /api/drafts/:draftId/approve" → { draftId: string }. */
type ParamsOf<Name extends string> = Name extends `${string}:${infer Param}/${infer Rest}`
  ? { [K in Param]: string } & ParamsOf<`/${Rest}`>
  : Name extends `${string}:${infer Param}`
    ? { [K in Param]: string }
    : Record<never, never>;

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface SignedInRouteArgs<Params, Body, Query> {
  request: Request;
  signedIn: SignedIn;
  instructorId: string;
  params: Params;
  body: Body;
  query: Query;
}

export function signedInRoute<
  Name extends string,
  BodySchema extends z.ZodType | undefined = undefined,
  QuerySchema extends z.ZodType | undefined = undefined,
>(options: {
  name: Name;
  owns?: (args: { instructorId: string; params: ParamsOf<Name> }) => Promise<boolean>;
  body?: BodySchema;
  query?: QuerySchema;
  handler: (
    args: SignedInRouteArgs<ParamsOf<Name>, Output<BodySchema>, Output<QuerySchema>>,
  ) => Promise<Response | { kind: ApiKind }>;
}): (request: Request, context: { params: Promise<ParamsOf<Name>> }) => Promise<Response> {
  return apiRoute(options.name, async (request: Request, context: { params: Promise<ParamsOf<Name>> }) => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const instructorId = signedIn.instructor.id;
    const params = await context.params;
    if (options.owns && !(await options.owns({ instructorId, params }))) return notFoundResponse();
    let query: unknown;
    if (options.query) {
      const parsed = parseQuery(request, options.query);
      if (!parsed.ok) return parsed.response;
      query = parsed.data;
    }
    let body: unknown;
    if (options.body) {
      const parsed = await parseJsonBody(request, options.body);
      if (!parsed.ok) return parsed.response;
      body = parsed.data;
    }
    const answer = await options.handler({
      request,
      signedIn,
      instructorId,
      params,
      body: body as Output<BodySchema>,
      query: query as Output<QuerySchema>,
    });
    return answer instanceof Response ? answer : resultResponse(answer);
  });
}
