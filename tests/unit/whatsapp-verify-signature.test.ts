import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signBody, unicodeEscapeBody, verifySignature } from "@/lib/whatsapp/verify-signature";

const secret = "s3cret";
const bytes = (s: string) => new TextEncoder().encode(s);
const hmac = (s: string) => `sha256=${createHmac("sha256", secret).update(s).digest("hex")}`;

describe("verifySignature (X-Hub-Signature-256)", () => {
  const body = '{"object":"whatsapp_business_account","entry":[]}';

  it("accepts the HMAC-SHA256 of the raw bytes", () => {
    expect(verifySignature({ rawBody: bytes(body), signatureHeader: hmac(body), appSecret: secret })).toBe(true);
  });

  it("accepts upper-case hex", () => {
    expect(
      verifySignature({
        rawBody: bytes(body),
        signatureHeader: `sha256=${hmac(body).slice(7).toUpperCase()}`,
        appSecret: secret,
      }),
    ).toBe(true);
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["without the sha256= prefix", hmac(body).slice(7)],
    ["sha1 instead of sha256", `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`],
    ["not hex", `sha256=${"z".repeat(64)}`],
    ["too short", hmac(body).slice(0, 40)],
    ["of another body", hmac(body + " ")],
    ["with another secret", `sha256=${createHmac("sha256", "other").update(body).digest("hex")}`],
  ])("refuses a signature that is %s", (_name, header) => {
    expect(verifySignature({ rawBody: bytes(body), signatureHeader: header, appSecret: secret })).toBe(false);
  });

  it("refuses everything when the secret is empty", () => {
    expect(verifySignature({ rawBody: bytes(body), signatureHeader: signBody(body, ""), appSecret: "" })).toBe(false);
  });

  it("accepts Meta's signature over the unicode-escaped form of a body with non-ASCII characters", () => {
    const raw = '{"text":{"body":"Ciao, è libero sabato? 👍"}}';
    const escaped = unicodeEscapeBody(raw);
    expect(escaped).toBe('{"text":{"body":"Ciao, \\u00e8 libero sabato? \\ud83d\\udc4d"}}');
    expect(verifySignature({ rawBody: bytes(raw), signatureHeader: hmac(escaped), appSecret: secret })).toBe(true);
    // and of course the plain bytes
    expect(verifySignature({ rawBody: bytes(raw), signatureHeader: hmac(raw), appSecret: secret })).toBe(true);
  });

  it("does not accept the escaped form's signature for a different body", () => {
    const raw = '{"text":{"body":"è"}}';
    const other = unicodeEscapeBody('{"text":{"body":"é"}}');
    expect(verifySignature({ rawBody: bytes(raw), signatureHeader: hmac(other), appSecret: secret })).toBe(false);
  });

  it("signBody produces a header verifySignature accepts", () => {
    expect(verifySignature({ rawBody: bytes(body), signatureHeader: signBody(body, secret), appSecret: secret })).toBe(
      true,
    );
  });
});
