import { describe, expect, it } from "vitest";
import { boundedRequestId, checkApiRequest, MAX_API_BODY_BYTES } from "@/lib/http/request-guard";
import { parseJsonBody } from "@/lib/validation/parse-request";
import { z } from "zod";

const own = "http://127.0.0.1:3000";
function check(method: string, pathname: string, headers: Record<string, string>, appUrl: string | null = null) {
  return (
    checkApiRequest({ method, pathname, headers: new Headers({ host: "127.0.0.1:3000", ...headers }), appUrl })?.kind ??
    "allowed"
  );
}
const json = { "content-type": "application/json", "content-length": "20" };

describe("forged posts from other sites are refused", () => {
  it("a POST from another site's page (Origin or Sec-Fetch-Site) → 403 forbidden", () => {
    expect(check("POST", "/api/drafts/x/approve", { ...json, origin: "https://evil.example" })).toBe("forbidden");
    expect(check("POST", "/api/drafts/x/approve", { ...json, "sec-fetch-site": "cross-site" })).toBe("forbidden");
    expect(
      check("PATCH", "/api/settings", {
        ...json,
        "sec-fetch-site": "same-site",
        origin: "http://other.127.0.0.1:3000",
      }),
    ).toBe("forbidden");
    expect(check("POST", "/api/conversations/x/read", { origin: "null" })).toBe("forbidden");
  });

  it("the app's own pages (same host, any address the server answers on; APP_URL in production) are allowed", () => {
    expect(check("POST", "/api/drafts/x/approve", { ...json, origin: own, "sec-fetch-site": "same-origin" })).toBe(
      "allowed",
    );
    expect(
      checkApiRequest({
        method: "POST",
        pathname: "/api/settings",
        headers: new Headers({ ...json, host: "192.168.1.20:3000", origin: "http://192.168.1.20:3000" }),
        appUrl: null,
      }),
    ).toBeNull();
    expect(
      check(
        "POST",
        "/api/settings",
        { ...json, host: "internal:3000", origin: "https://inbox.example.com" },
        "https://inbox.example.com",
      ),
    ).toBe("allowed");
    // Not a browser (no Origin, no Fetch metadata): nothing to forge with.
    expect(check("POST", "/api/drafts/x/approve", json)).toBe("allowed");
  });

  it("GETs, the webhook and better-auth's own routes are not this guard's business", () => {
    expect(check("GET", "/api/conversations", { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBe(
      "allowed",
    );
    expect(
      check("POST", "/api/webhook/whatsapp", {
        origin: "https://evil.example",
        "content-type": "text/plain",
        "content-length": "9",
      }),
    ).toBe("allowed");
    expect(check("POST", "/api/auth/sign-in/email", { "sec-fetch-site": "cross-site" })).toBe("allowed");
  });
});

describe("JSON bodies only, capped", () => {
  it("a form post or text body → 415; an oversized declared body → 413; an empty POST is fine", () => {
    expect(
      check("POST", "/api/customers", {
        origin: own,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": "10",
      }),
    ).toBe("unsupported_media_type");
    expect(check("POST", "/api/customers", { origin: own, "content-type": "text/plain", "content-length": "10" })).toBe(
      "unsupported_media_type",
    );
    expect(
      check("POST", "/api/customers", {
        origin: own,
        "content-type": "application/json",
        "content-length": String(MAX_API_BODY_BYTES + 1),
      }),
    ).toBe("payload_too_large");
    expect(check("POST", "/api/conversations/x/read", { origin: own })).toBe("allowed");
  });

  it("a chunked body past the cap is refused by parseJsonBody (413) without reading it all", async () => {
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(`"${"x".repeat(8 * 1024)}"`));
        controller.close();
      },
    });
    const request = new Request("http://localhost/api/x", {
      method: "POST",
      body: big,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    const parsed = await parseJsonBody(request, z.unknown());
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.response.status).toBe(413);
  });
});

describe("x-request-id is bounded", () => {
  it("a short plain id is kept; a long or odd one is replaced", () => {
    expect(boundedRequestId("abc-123_x.y:z")).toBe("abc-123_x.y:z");
    expect(boundedRequestId("a".repeat(129))).toBeNull();
    expect(boundedRequestId("line\nbreak")).toBeNull();
    expect(boundedRequestId('{"inject":1}')).toBeNull();
    expect(boundedRequestId(null)).toBeNull();
  });
});
