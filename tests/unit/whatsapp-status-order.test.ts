import { describe, expect, it } from "vitest";
import { shouldApplyStatus } from "@/lib/whatsapp/status-order";
import type { OutboundStatus } from "@/lib/vocabulary";

describe("shouldApplyStatus: outbound status moves forward only", () => {
  it.each<[OutboundStatus | null, OutboundStatus, boolean]>([
    [null, "sent", true],
    ["sending", "sent", true],
    ["sent", "delivered", true],
    ["delivered", "read", true],
    ["sent", "read", true], // Meta skips `delivered` when read at once
    ["read", "played", true],
    ["read", "delivered", false], // a late delivered never undoes read
    ["read", "sent", false],
    ["delivered", "sent", false],
    ["played", "read", false],
    ["read", "read", false],
    ["sent", "failed", true],
    ["delivered", "failed", true],
    ["sending", "failed", true],
    ["read", "failed", false], // seen is seen
    ["played", "failed", false],
    ["failed", "delivered", false],
    ["failed", "sent", false],
    ["failed", "read", true],
    ["failed", "failed", false],
    ["unknown", "sent", true],
    ["unknown", "failed", true],
  ])("%s → %s: %s", (current, next, expected) => {
    expect(shouldApplyStatus({ current, next })).toBe(expected);
  });
});
