import { describe, expect, it } from "vitest";
import { customerServiceWindow } from "@/lib/conversation/customer-service-window";

const hour = 60 * 60 * 1000;

describe("customerServiceWindow", () => {
  it("is open 23 h after the customer's last message, with 1 h left", () => {
    const now = new Date("2026-01-02T11:00:00Z");
    const w = customerServiceWindow({ lastInboundAt: new Date(now.getTime() - 23 * hour), now });
    expect(w.open).toBe(true);
    expect(w.msLeft).toBe(hour);
  });
  it("is closed exactly 24 h after the customer's last message", () => {
    const now = new Date("2026-01-02T11:00:00Z");
    expect(customerServiceWindow({ lastInboundAt: new Date(now.getTime() - 24 * hour), now }).open).toBe(false);
  });
  it("is closed when the customer never wrote", () => {
    expect(customerServiceWindow({ lastInboundAt: null, now: new Date() })).toEqual({
      open: false,
      closesAt: null,
      msLeft: 0,
    });
  });
});
