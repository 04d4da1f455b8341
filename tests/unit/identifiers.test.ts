/** CM-1 identifiers: normalization per channel and WhatsApp number variants (hint only). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeIdentifier, type NormalizeResult } from "@/lib/identifiers/normalize-identifier";
import { whatsappNumberVariants } from "@/lib/identifiers/whatsapp-number-variants";

type Row = { name: string; channel: string; raw: string | null; region?: string | null; expected: NormalizeResult };
const ok = (value: string): NormalizeResult => ({ ok: true, value });
const no = (reason: Extract<NormalizeResult, { ok: false }>["reason"]): NormalizeResult => ({ ok: false, reason });

describe("normalizeIdentifier — WhatsApp / phone to E.164 (CM-1)", () => {
  const rows: Row[] = [
    {
      name: "a national number typed without country code uses the default region",
      channel: "whatsapp",
      raw: "333 123 4567",
      region: "IT",
      expected: ok("+393331234567"),
    },
    {
      name: "an international number with + and spaces",
      channel: "whatsapp",
      raw: "+39 333 1234567",
      region: "IT",
      expected: ok("+393331234567"),
    },
    {
      name: "the 00 international prefix",
      channel: "whatsapp",
      raw: "0039 333 1234567",
      region: "IT",
      expected: ok("+393331234567"),
    },
    {
      name: "WhatsApp's wa_id digits without +",
      channel: "whatsapp",
      raw: "393331234567",
      region: "IT",
      expected: ok("+393331234567"),
    },
    {
      name: "WhatsApp's wa_id digits whatever the region (US)",
      channel: "whatsapp",
      raw: "393331234567",
      region: "US",
      expected: ok("+393331234567"),
    },
    {
      name: "WhatsApp's wa_id digits with no region at all",
      channel: "whatsapp",
      raw: "393331234567",
      region: null,
      expected: ok("+393331234567"),
    },
    {
      name: "WhatsApp's wa_id digits with an unknown region",
      channel: "whatsapp",
      raw: "393331234567",
      region: "XX",
      expected: ok("+393331234567"),
    },
    {
      name: "an Italian landline with dashes and parentheses",
      channel: "whatsapp",
      raw: "(06) 1234-5678",
      region: "IT",
      expected: ok("+390612345678"),
    },
    {
      name: "surrounding whitespace is ignored",
      channel: "whatsapp",
      raw: "  +39 333 1234567\n",
      region: "IT",
      expected: ok("+393331234567"),
    },
    {
      name: "an Argentine mobile typed nationally (0 11 15 …) becomes +54 9 …",
      channel: "whatsapp",
      raw: "011 15 2345 6789",
      region: "AR",
      expected: ok("+5491123456789"),
    },
    {
      name: "Mexico's older +52 1 form that WhatsApp reports is kept as given, not rewritten",
      channel: "whatsapp",
      raw: "5215512345678",
      region: "IT",
      expected: ok("+5215512345678"),
    },
    {
      name: "Brazil's older 8-digit mobile form that WhatsApp reports is kept as given",
      channel: "whatsapp",
      raw: "551187654321",
      region: "IT",
      expected: ok("+551187654321"),
    },
    { name: "empty input is a typed failure", channel: "whatsapp", raw: "   ", region: "IT", expected: no("empty") },
    { name: "null input is a typed failure", channel: "whatsapp", raw: null, region: "IT", expected: no("empty") },
    {
      name: "letters are not guessed away",
      channel: "whatsapp",
      raw: "call 333 1234567",
      region: "IT",
      expected: no("invalid_phone"),
    },
    {
      name: "an extension is not a WhatsApp number",
      channel: "whatsapp",
      raw: "333 1234567 ext 12",
      region: "IT",
      expected: no("invalid_phone"),
    },
    {
      name: "a number too short for its country",
      channel: "whatsapp",
      raw: "+39 333",
      region: "IT",
      expected: no("invalid_phone"),
    },
    {
      name: "an invalid number (fixture placeholder 1122334455667)",
      channel: "whatsapp",
      raw: "1122334455667",
      region: "IT",
      expected: no("invalid_phone"),
    },
    {
      name: "a + in the middle",
      channel: "whatsapp",
      raw: "39+3331234567",
      region: "IT",
      expected: no("invalid_phone"),
    },
    {
      name: "a national number with no region to supply the country",
      channel: "whatsapp",
      raw: "333 123 4567",
      region: null,
      expected: no("unknown_region"),
    },
    {
      name: "a national number with an unknown region",
      channel: "whatsapp",
      raw: "333 123 4567",
      region: "XX",
      expected: no("unknown_region"),
    },
    {
      name: "a region given in lower case still counts",
      channel: "whatsapp",
      raw: "333 123 4567",
      region: "it",
      expected: ok("+393331234567"),
    },
  ];
  it.each(rows)("$name: $raw ($region)", ({ channel, raw, region, expected }) => {
    expect(normalizeIdentifier({ channel, raw, defaultRegion: region })).toEqual(expected);
  });
});

describe("normalizeIdentifier — e-mail (CM-1)", () => {
  const rows: Row[] = [
    {
      name: "trimmed and lower-cased",
      channel: "email",
      raw: "  Maria.Rossi@Example.COM ",
      expected: ok("maria.rossi@example.com"),
    },
    {
      name: "plus addressing kept",
      channel: "email",
      raw: "maria+ski@example.it",
      expected: ok("maria+ski@example.it"),
    },
    { name: "empty", channel: "email", raw: "", expected: no("empty") },
    { name: "no @", channel: "email", raw: "maria.example.com", expected: no("invalid_email") },
    { name: "two @", channel: "email", raw: "maria@rossi@example.com", expected: no("invalid_email") },
    { name: "no domain dot", channel: "email", raw: "maria@localhost", expected: no("invalid_email") },
    { name: "space inside", channel: "email", raw: "maria rossi@example.com", expected: no("invalid_email") },
    {
      name: "display-name form is not guessed",
      channel: "email",
      raw: "Maria <maria@example.com>",
      expected: no("invalid_email"),
    },
    {
      name: "double dot in local part",
      channel: "email",
      raw: "maria..rossi@example.com",
      expected: no("invalid_email"),
    },
    { name: "region is irrelevant", channel: "email", raw: "A@B.IT", region: "US", expected: ok("a@b.it") },
  ];
  it.each(rows)("$name: $raw", ({ channel, raw, region, expected }) => {
    expect(normalizeIdentifier({ channel, raw, defaultRegion: region })).toEqual(expected);
  });

  it("an unsupported channel is a typed failure, not a guess", () => {
    expect(normalizeIdentifier({ channel: "sms", raw: "+393331234567", defaultRegion: "IT" })).toEqual(
      no("unsupported_channel"),
    );
  });
});

describe("whatsappNumberVariants — known WhatsApp forms of one number (hint only)", () => {
  it.each([
    {
      name: "Brazil: a 9-digit mobile also exists without the 9th digit",
      number: "+5511987654321",
      variants: ["+551187654321"],
    },
    {
      name: "Brazil: an 8-digit mobile also exists with the 9th digit",
      number: "+551187654321",
      variants: ["+5511987654321"],
    },
    { name: "Brazil: a landline (starts 2-5) has no variant", number: "+551137654321", variants: [] },
    { name: "Mexico: +52 1 … also exists as +52 …", number: "+5215512345678", variants: ["+525512345678"] },
    { name: "Mexico: +52 … also exists as +52 1 …", number: "+525512345678", variants: ["+5215512345678"] },
    { name: "Argentina: +54 9 … also exists as +54 …", number: "+5491123456789", variants: ["+541123456789"] },
    { name: "Argentina: +54 … also exists as +54 9 …", number: "+541123456789", variants: ["+5491123456789"] },
    { name: "Italy: no known variant", number: "+393331234567", variants: [] },
    { name: "not E.164: no variant", number: "5511987654321", variants: [] },
  ])("$name", ({ number, variants }) => {
    expect(whatsappNumberVariants({ normalized: number })).toEqual(variants);
  });
});

describe("properties", () => {
  const regions = fc.constantFrom("IT", "US", "BR", "MX", "AR", "GB", "DE", "it", "", "XX", null);
  const phoneLike = fc.oneof(
    fc.stringMatching(/^\+?[0-9 ()\-.]{0,18}$/),
    fc.constantFrom(
      "393331234567",
      "5215512345678",
      "551187654321",
      "5491123456789",
      "0039 333 1234567",
      "011 15 2345 6789",
      "(06) 1234-5678",
    ),
    fc
      .tuple(
        fc.constantFrom("+39 3", "+55 11 9", "+52 1 55", "+54 9 11", "+1 415 ", "+44 7"),
        fc.stringMatching(/^[0-9]{6,9}$/),
      )
      .map(([a, b]) => a + b),
  );

  it("normalization of a phone number is idempotent, and its result reads the same under any region", () => {
    fc.assert(
      fc.property(phoneLike, regions, regions, (raw, region, otherRegion) => {
        const once = normalizeIdentifier({ channel: "whatsapp", raw, defaultRegion: region });
        if (!once.ok) return;
        // E.164 sets no minimum length: libphonenumber accepts short national numbers such as +49 1000 (DE).
        expect(once.value).toMatch(/^\+[1-9]\d{1,14}$/);
        expect(normalizeIdentifier({ channel: "whatsapp", raw: once.value, defaultRegion: region })).toEqual(once);
        expect(normalizeIdentifier({ channel: "whatsapp", raw: once.value, defaultRegion: otherRegion })).toEqual(once);
      }),
      { numRuns: 2000, examples: [["1000", "DE", "IT"]] },
    );
  });

  it("normalization of an e-mail address is idempotent", () => {
    const emailLike = fc.oneof(
      fc.emailAddress(),
      fc.string(),
      fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
    );
    fc.assert(
      fc.property(emailLike, (raw) => {
        const once = normalizeIdentifier({ channel: "email", raw });
        if (!once.ok) return;
        expect(normalizeIdentifier({ channel: "email", raw: once.value })).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("variants are symmetric: a variant's variants contain the original", () => {
    const number = fc
      .tuple(fc.constantFrom("+55", "+52", "+54", "+39"), fc.stringMatching(/^[1-9][0-9]{9,10}$/))
      .map(([cc, rest]) => cc + rest);
    fc.assert(
      fc.property(number, (n) => {
        for (const v of whatsappNumberVariants({ normalized: n })) {
          expect(v).not.toBe(n);
          expect(whatsappNumberVariants({ normalized: v })).toContain(n);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
