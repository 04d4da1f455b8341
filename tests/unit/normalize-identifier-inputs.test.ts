/** A customer form's identifiers: normalized with the region, duplicates kept once, failures in plain words per field. */
import { describe, expect, it } from "vitest";
import { duplicateWarnings } from "@/lib/customer-resolution/duplicate-warnings";
import { normalizeIdentifierInputs } from "@/lib/identifiers/normalize-identifier-inputs";

describe("normalizeIdentifierInputs", () => {
  it("normalizes with the default region, keeps one of each value and names the field that failed", () => {
    const { errors, normalized } = normalizeIdentifierInputs(
      [
        { channel: "whatsapp", raw: " 347 123 4567 " },
        { channel: "whatsapp", raw: "+39 347 1234567" },
        { channel: "whatsapp", raw: "not a number" },
        { channel: "email", raw: "Anna@Example.com" },
      ],
      "IT",
    );
    expect(normalized).toEqual([
      { channel: "whatsapp", raw: "347 123 4567", normalizedIdentifier: "+393471234567" },
      { channel: "email", raw: "Anna@Example.com", normalizedIdentifier: "anna@example.com" },
    ]);
    expect(Object.keys(errors)).toEqual(["identifiers.2.raw"]);
    expect(errors["identifiers.2.raw"]).toMatch(/not a valid phone number/);
  });

  it("asks for a country code when there is no region to read a local number with", () => {
    const { errors } = normalizeIdentifierInputs([{ channel: "whatsapp", raw: "347 123 4567" }], undefined);
    expect(errors["identifiers.0.raw"]).toMatch(/country code/);
  });
});

describe("duplicateWarnings", () => {
  it("warns only about identifiers another customer also has, naming them", () => {
    const warnings = duplicateWarnings({
      identifiers: [
        { normalizedIdentifier: "+393471234567", sharedWith: [{ displayName: "Luca" }, { displayName: "Marta" }] },
        { normalizedIdentifier: "anna@example.com", sharedWith: [] },
      ],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\+393471234567 is also saved for Luca, Marta\. Both are kept/);
  });
});
