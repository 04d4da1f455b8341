/** CM-2.4 signal: each CM-2.1 outcome maps to one of the five read-only states, in plain words. */
import { describe, expect, it } from "vitest";
import { customerSignal } from "@/lib/customer-resolution/customer-signal";
import { resolveCustomer } from "@/lib/customer-resolution/resolve-customer";
import type { ResolutionCandidate, ResolutionInput } from "@/lib/customer-resolution/types";

const INSTRUCTOR = "11111111-1111-4111-8111-111111111111";
const candidate = (customerId: string, displayName: string): ResolutionCandidate => ({
  customerId,
  instructorId: INSTRUCTOR,
  displayName,
  channel: "whatsapp",
  normalizedIdentifier: "+393331234567",
});
const base: ResolutionInput = {
  instructor: { id: INSTRUCTOR, defaultRegion: "IT" },
  explicitCustomerId: null,
  channel: "whatsapp",
  rawIdentifier: "393331234567",
  candidates: { ok: true, candidates: [] },
};
const signalFor = (
  overrides: Partial<ResolutionInput>,
  extra: Omit<Parameters<typeof customerSignal>[0], "outcome"> = {},
) => customerSignal({ outcome: resolveCustomer({ ...base, ...overrides }), ...extra });

describe("customerSignal — the five states", () => {
  it("linked: the explicit link, with the linked customer's name", () => {
    expect(signalFor({ explicitCustomerId: "c1" }, { linkedCustomerName: "Maria Rossi" })).toEqual({
      state: "linked",
      customerId: "c1",
      customerName: "Maria Rossi",
      reason: "You linked this conversation to Maria Rossi.",
      event: "conversation.customer_resolved",
      step: "step_1_explicit_link",
    });
  });

  it("linked without a name when the linked customer is not visible (never another instructor's name)", () => {
    const signal = signalFor({ explicitCustomerId: "c1" }, { linkedCustomerName: null });
    expect(signal).toMatchObject({
      state: "linked",
      customerId: "c1",
      reason: "You linked this conversation to a customer.",
    });
    expect(signal).not.toHaveProperty("customerName");
  });

  it("probable match: exactly one candidate, named, and said to be not linked", () => {
    expect(signalFor({ candidates: { ok: true, candidates: [candidate("c1", "Maria Rossi")] } })).toEqual({
      state: "probable_match",
      customerId: "c1",
      customerName: "Maria Rossi",
      candidateCount: 1,
      reason: "Maria Rossi is the only one of your customers with this number. It is not linked.",
      event: "conversation.customer_resolved",
      step: "step_2_identity_match",
    });
  });

  it("no match: nobody has the number", () => {
    expect(signalFor({})).toEqual({
      state: "no_match",
      candidateCount: 0,
      reason: "None of your customers has this number.",
      event: "conversation.customer_unresolved",
      step: "step_3_no_resolution",
    });
  });

  it("no match with the variant hint naming the customer with a similar number", () => {
    const signal = signalFor(
      { rawIdentifier: "5215512345678" },
      { similarCustomers: [{ customerId: "c9", displayName: "Juan Pérez", normalizedIdentifier: "+525512345678" }] },
    );
    expect(signal.state).toBe("no_match");
    expect(signal.hint).toBe(
      "A customer with a similar number exists: Juan Pérez (+52 55 1234 5678). WhatsApp sometimes writes the same number in another form.",
    );
    expect(signal).not.toHaveProperty("customerId");
  });

  it("ambiguous: says how many customers share the number and names none", () => {
    const signal = signalFor({
      candidates: { ok: true, candidates: [candidate("c1", "Maria"), candidate("c2", "Luca")] },
    });
    expect(signal).toEqual({
      state: "ambiguous",
      candidateCount: 2,
      reason: "2 of your customers share this number, so none is suggested.",
      event: "conversation.customer_unresolved",
      step: "step_3_no_resolution",
    });
  });

  it.each([
    {
      why: "identifier missing",
      overrides: { rawIdentifier: null },
      reason: "The sender's number or address is missing, so your customers were not checked.",
    },
    {
      why: "identifier invalid",
      overrides: { rawIdentifier: "1122334455667" },
      reason: "The sender's number or address is not a valid one, so your customers were not checked.",
    },
    {
      why: "lookup failed",
      overrides: { candidates: { ok: false as const, reason: "lookup_failed" as const } },
      reason: "Your customers could not be checked just now. Try again in a moment.",
    },
    {
      why: "no instructor context",
      overrides: { instructor: null },
      reason: "This conversation has no instructor account attached, so your customers were not checked.",
    },
  ])("not resolvable: $why", ({ overrides, reason }) => {
    const signal = signalFor(overrides);
    expect(signal).toMatchObject({ state: "not_resolvable", reason });
    expect(signal).not.toHaveProperty("customerId");
    expect(signal).not.toHaveProperty("hint");
  });

  it("the signal is plain serializable data (survives JSON unchanged)", () => {
    const signal = signalFor({ candidates: { ok: true, candidates: [candidate("c1", "Maria")] } });
    expect(JSON.parse(JSON.stringify(signal))).toEqual(signal);
  });
});
