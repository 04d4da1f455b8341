import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { AppError, isDatabaseError, resultResponse, statusForKind, toAppError } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";

const SECRET_SQL = 'insert into "messages" ("body") values ($1)';
const SECRET_PARAMS = ["+393331234567", "Ciao, sono Anna"];

function queryError(): DrizzleQueryError {
  const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  return new DrizzleQueryError(SECRET_SQL, SECRET_PARAMS, cause);
}

describe("one error vocabulary: kind → status, body {kind, message}", () => {
  it("each refusal kind has its status and a plain-words default message", async () => {
    const expected = {
      invalid: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      internal: 500,
      unavailable: 503,
    } as const;
    for (const [kind, status] of Object.entries(expected)) {
      const response = new AppError(kind as keyof typeof expected).toResponse();
      expect(response.status).toBe(status);
      const body = (await response.json()) as { kind: string; message: string };
      expect(body.kind).toBe(kind);
      expect(body.message.length).toBeGreaterThan(5);
    }
  });

  it("domain results answer with the status of their kind (send, draft, customer, settings share one table)", () => {
    expect(statusForKind("sent")).toBe(200);
    expect(statusForKind("approved_not_sent")).toBe(202);
    expect(statusForKind("window_closed")).toBe(422);
    expect(statusForKind("send_failed")).toBe(502);
    expect(statusForKind("not_configured")).toBe(503);
    expect(resultResponse({ kind: "saved" }, { created: true }).status).toBe(201);
    expect(resultResponse({ kind: "saved" }).status).toBe(200);
    expect(resultResponse({ kind: "conflict", message: "x" }).status).toBe(409);
  });

  it("the body never carries the cause", async () => {
    const response = new AppError("unavailable", undefined, { cause: queryError() }).toResponse();
    const text = await response.text();
    expect(text).not.toContain("messages");
    expect(text).not.toContain("+393331234567");
  });

  it("a drizzle query error, a postgres error and a lost connection are database failures; a TypeError is not", () => {
    expect(isDatabaseError(queryError())).toBe(true);
    expect(isDatabaseError(Object.assign(new Error("duplicate key"), { severity: "ERROR", code: "23505" }))).toBe(true);
    expect(isDatabaseError(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(
      true,
    );
    expect(isDatabaseError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(toAppError(queryError()).kind).toBe("unavailable");
    expect(toAppError(new TypeError("x")).kind).toBe("internal");
  });

  it("a route that throws answers in the vocabulary: 503 unavailable for the database, 500 internal otherwise, no SQL in the body", async () => {
    const request = new Request("http://localhost/api/x", { headers: { "x-request-id": "t1" } });
    const dbRoute = apiRoute("GET /api/x", async () => {
      throw queryError();
    });
    const dbResponse = await dbRoute(request, {});
    expect(dbResponse.status).toBe(503);
    const dbText = await dbResponse.text();
    expect(JSON.parse(dbText)).toMatchObject({ kind: "unavailable" });
    expect(dbText).not.toContain("insert into");
    expect(dbText).not.toContain("Ciao");

    const bugRoute = apiRoute("GET /api/x", async () => {
      throw new TypeError("undefined is not a function");
    });
    const bugResponse = await bugRoute(request, {});
    expect(bugResponse.status).toBe(500);
    expect(await bugResponse.json()).toMatchObject({ kind: "internal" });

    const refusal = apiRoute("GET /api/x", async () => {
      throw new AppError("forbidden");
    });
    expect((await refusal(request, {})).status).toBe(403);
  });
});
