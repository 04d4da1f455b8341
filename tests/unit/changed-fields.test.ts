import { describe, expect, it } from "vitest";
import { changedFields } from "@/lib/audit/changed-fields";

describe("changedFields", () => {
  it("names only the fields whose value differs, comparing arrays and objects by content", () => {
    const before = { name: "Giulia", languages: ["it", "en"], limits: { min: 1 }, region: "IT" };
    const after = { name: "Giulia", languages: ["it", "en", "de"], limits: { min: 1 }, region: "CH" };
    expect(changedFields(before, after)).toEqual(["languages", "region"]);
  });

  it("ignores fields the save leaves out", () => {
    expect(changedFields({ a: 1, b: 2 }, { b: 2 })).toEqual([]);
  });
});
