import { describe, expect, it } from "vitest";
import { isGraphErrorPayload, mapGraphError } from "@/lib/whatsapp/graph-errors";

// Payloads as Graph sends them synchronously: { error: { message: "(#code) title", type, code, error_data, fbtrace_id } }.
const graphError = (code: number, title: string, details?: string) => ({
  error: {
    message: `(#${code}) ${title}`,
    type: "OAuthException",
    code,
    ...(details ? { error_data: { messaging_product: "whatsapp", details } } : {}),
    fbtrace_id: "AbCdEf123",
  },
});

describe("mapGraphError", () => {
  it("maps 131047 to window_closed with the code, title and details kept", () => {
    const state = mapGraphError({
      payload: graphError(
        131047,
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
      ),
      httpStatus: 400,
    });
    expect(state).toMatchObject({
      kind: "window_closed",
      code: 131047,
      title: "Re-engagement message",
      httpStatus: 400,
      fbtraceId: "AbCdEf123",
      retryable: false,
    });
    expect(state.details).toContain("24 hours");
    expect(state.message).toMatch(/24-hour window has closed/);
  });

  it("maps 131026 to undeliverable", () => {
    expect(mapGraphError({ payload: graphError(131026, "Message Undeliverable.") })).toMatchObject({
      kind: "undeliverable",
      code: 131026,
    });
  });

  it("maps 130429 and 131056 to rate_limited, retryable", () => {
    const throughput = mapGraphError({ payload: graphError(130429, "Rate limit hit") });
    const pair = mapGraphError({
      payload: graphError(131056, "(Business Account, Consumer Account) pair rate limit hit"),
    });
    expect(throughput).toMatchObject({ kind: "rate_limited", code: 130429, retryable: true });
    expect(pair).toMatchObject({ kind: "rate_limited", code: 131056, retryable: true });
    expect(pair.message).toMatch(/too many messages to this customer/);
  });

  it("maps 190 (no '(#code)' prefix in Graph's message) to bad_token", () => {
    const state = mapGraphError({
      payload: {
        error: {
          message: "Error validating access token: Session has expired",
          type: "OAuthException",
          code: 190,
          error_subcode: 463,
          fbtrace_id: "x",
        },
      },
      httpStatus: 401,
    });
    expect(state).toMatchObject({ kind: "bad_token", code: 190, httpStatus: 401 });
    expect(state.message).toMatch(/WHATSAPP_ACCESS_TOKEN/);
  });

  it("shows any other code with its code and title", () => {
    const state = mapGraphError({ payload: graphError(131009, "Parameter value is not valid") });
    expect(state.kind).toBe("other");
    expect(state.message).toBe("Not sent: WhatsApp error 131009: Parameter value is not valid.");
  });

  it("reads a webhook errors[] entry (title as its own field) the same way", () => {
    const webhookStatus = {
      errors: [
        {
          code: 131047,
          title: "Re-engagement message",
          message: "Re-engagement message",
          error_data: {
            details:
              "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          },
          href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        },
      ],
    };
    expect(mapGraphError({ payload: webhookStatus })).toMatchObject({
      kind: "window_closed",
      title: "Re-engagement message",
    });
  });

  it("recognises only objects with a numeric code as Graph errors", () => {
    expect(isGraphErrorPayload(graphError(100, "Invalid parameter"))).toBe(true);
    expect(isGraphErrorPayload({ error: "nope" })).toBe(false);
    expect(isGraphErrorPayload("<html>Bad gateway</html>")).toBe(false);
    expect(mapGraphError({ payload: "<html>", httpStatus: 404 })).toMatchObject({
      kind: "other",
      code: null,
      message: "Not sent: HTTP 404.",
    });
  });
});
