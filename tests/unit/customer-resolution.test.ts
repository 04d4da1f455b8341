/** CM-2.1 resolver: one table row per rule of §3, §5 and §8, then fast-check properties. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCustomer } from "@/lib/customer-resolution/resolve-customer";
import type { ResolutionCandidate, ResolutionInput, ResolutionOutcome } from "@/lib/customer-resolution/types";

const INSTRUCTOR = "11111111-1111-4111-8111-111111111111";
const OTHER_INSTRUCTOR = "22222222-2222-4222-8222-222222222222";
const WA_ID = "393331234567";
const E164 = "+393331234567";

const candidate = (customerId: string, overrides: Partial<ResolutionCandidate> = {}): ResolutionCandidate => ({
  customerId,
  instructorId: INSTRUCTOR,
  displayName: `Customer ${customerId}`,
  channel: "whatsapp",
  normalizedIdentifier: E164,
  ...overrides,
});
const found = (...candidates: ResolutionCandidate[]) => ({ ok: true as const, candidates });
const input = (overrides: Partial<ResolutionInput> = {}): ResolutionInput => ({
  instructor: { id: INSTRUCTOR, defaultRegion: "IT" },
  explicitCustomerId: null,
  channel: "whatsapp",
  rawIdentifier: WA_ID,
  candidates: found(),
  ...overrides,
});

interface RuleRow {
  rule: string;
  input: ResolutionInput;
  expected: Partial<ResolutionOutcome> & Record<string, unknown>;
}

const NO_LINK = {
  kind: "unresolved",
  event: "conversation.customer_unresolved",
  step: "step_3_no_resolution",
} as const;
const SKIPPED = {
  kind: "skipped",
  event: "conversation.customer_resolution_skipped",
  step: "step_3_no_resolution",
  reason: "instructor_missing",
} as const;

const section3: RuleRow[] = [
  {
    rule: "§3 step 1: conversation.customer_id exists → STOP (linked)",
    input: input({ explicitCustomerId: "c-linked", candidates: found(candidate("c-other")) }),
    expected: {
      kind: "linked",
      event: "conversation.customer_resolved",
      step: "step_1_explicit_link",
      customerId: "c-linked",
    },
  },
  {
    rule: "§3 step 1: no further step is evaluated (an unparseable identifier does not matter)",
    input: input({ explicitCustomerId: "c-linked", rawIdentifier: "not a number" }),
    expected: { kind: "linked", customerId: "c-linked" },
  },
  {
    rule: "§3 step 1: no further step is evaluated (a failed lookup does not matter)",
    input: input({ explicitCustomerId: "c-linked", candidates: { ok: false, reason: "lookup_failed" } }),
    expected: { kind: "linked", customerId: "c-linked" },
  },
  {
    rule: "§3 step 2: exactly one match → valid resolution candidate",
    input: input({ candidates: found(candidate("c1")) }),
    expected: {
      kind: "resolved",
      event: "conversation.customer_resolved",
      step: "step_2_identity_match",
      customerId: "c1",
      displayName: "Customer c1",
      normalizedIdentifier: E164,
    },
  },
  {
    rule: "§3 step 2: exactly one match counts customers, not identifier rows (one customer, two rows)",
    input: input({ candidates: found(candidate("c1"), candidate("c1")) }),
    expected: { kind: "resolved", customerId: "c1" },
  },
  {
    rule: "§3 step 2: no match exists → no resolution",
    input: input({ candidates: found() }),
    expected: { ...NO_LINK, reason: "no_match", candidateCount: 0 },
  },
  {
    rule: "§3 step 2: multiple matches exist → no resolution",
    input: input({ candidates: found(candidate("c1"), candidate("c2")) }),
    expected: { ...NO_LINK, reason: "ambiguous", candidateCount: 2 },
  },
  {
    rule: "§3 step 2: the tuple includes the channel (an e-mail candidate is not a WhatsApp match)",
    input: input({ candidates: found(candidate("c1", { channel: "email" })) }),
    expected: {
      ...NO_LINK,
      reason: "no_match",
      candidateCount: 0,
      diagnostics: { ignoredForeignCandidates: 0, ignoredMismatchedCandidates: 1 },
    },
  },
  {
    rule: "§3 step 2: the tuple includes the normalized identifier (another number is not a match)",
    input: input({ candidates: found(candidate("c1", { normalizedIdentifier: "+393339999999" })) }),
    expected: { ...NO_LINK, reason: "no_match", candidateCount: 0 },
  },
  {
    rule: "§3 step 2: the tuple includes instructor_id (another instructor's customer is not a match)",
    input: input({ candidates: found(candidate("c1", { instructorId: OTHER_INSTRUCTOR })) }),
    expected: {
      ...NO_LINK,
      reason: "no_match",
      diagnostics: { ignoredForeignCandidates: 1, ignoredMismatchedCandidates: 0 },
    },
  },
  {
    rule: "§3 step 2: the identifier is matched normalized (wa_id digits find the +E.164 customer)",
    input: input({
      rawIdentifier: "393331234567",
      candidates: found(candidate("c1", { normalizedIdentifier: "+393331234567" })),
    }),
    expected: { kind: "resolved", customerId: "c1" },
  },
  {
    rule: "§3 step 3: identifier is missing → NO LINK",
    input: input({ rawIdentifier: null, candidates: found(candidate("c1")) }),
    expected: { ...NO_LINK, reason: "identifier_missing" },
  },
  {
    rule: "§3 step 3: identifier is blank → NO LINK",
    input: input({ rawIdentifier: "  ", candidates: found(candidate("c1")) }),
    expected: { ...NO_LINK, reason: "identifier_missing" },
  },
  {
    rule: "§3 step 3: identifier cannot be normalized → NO LINK",
    input: input({ rawIdentifier: "1122334455667", candidates: found(candidate("c1")) }),
    expected: { ...NO_LINK, reason: "identifier_invalid", identifierFailure: "invalid_phone" },
  },
  {
    rule: "§3 step 3: instructor context is missing → NO LINK",
    input: input({ instructor: null, candidates: found(candidate("c1")) }),
    expected: SKIPPED,
  },
  {
    rule: "§3 step 3: no customer found → NO LINK",
    input: input({ candidates: found() }),
    expected: { ...NO_LINK, reason: "no_match" },
  },
  {
    rule: "§3 step 3: more than one potential match → NO LINK",
    input: input({ candidates: found(candidate("c1"), candidate("c2"), candidate("c3")) }),
    expected: { ...NO_LINK, reason: "ambiguous", candidateCount: 3 },
  },
];

const section5: RuleRow[] = [
  {
    rule: "§5: identifier invalid or unparseable → no resolution",
    input: input({ rawIdentifier: "+39 333", candidates: found(candidate("c1")) }),
    expected: { ...NO_LINK, reason: "identifier_invalid" },
  },
  {
    rule: "§5: identifier of an unsupported channel → no resolution",
    input: input({ channel: "sms", candidates: found(candidate("c1")) }),
    expected: { ...NO_LINK, reason: "identifier_invalid", identifierFailure: "unsupported_channel" },
  },
  {
    rule: "§5: customer not found → no resolution",
    input: input({ candidates: found() }),
    expected: { ...NO_LINK, reason: "no_match" },
  },
  {
    rule: "§5: instructor_id missing → abort resolution",
    input: input({ instructor: undefined, candidates: found(candidate("c1")) }),
    expected: SKIPPED,
  },
  {
    rule: "§5: instructor_id blank → abort resolution",
    input: input({ instructor: { id: " ", defaultRegion: "IT" }, candidates: found(candidate("c1")) }),
    expected: SKIPPED,
  },
  {
    rule: "§5: database or lookup error → safe fallback (no resolution)",
    input: input({ candidates: { ok: false, reason: "lookup_failed" } }),
    expected: { ...NO_LINK, reason: "lookup_failed", normalizedIdentifier: E164 },
  },
];

describe("CM-2.1 §3 Resolution Path (authoritative order)", () => {
  it.each(section3)("$rule", ({ input, expected }) => {
    expect(resolveCustomer(input)).toMatchObject(expected);
  });
});

describe("CM-2.1 §5 Failure modes and safe fallbacks", () => {
  it.each(section5)("$rule", ({ input, expected }) => {
    expect(resolveCustomer(input)).toMatchObject(expected);
  });
});

/** Freeze deeply so that any write to the input throws (ES modules are strict mode). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe("CM-2.1 §8 Acceptance criteria", () => {
  it("§8: a conversation never changes customer without explicit action (the explicit link beats a unique different match)", () => {
    const outcome = resolveCustomer(input({ explicitCustomerId: "c-linked", candidates: found(candidate("c-new")) }));
    expect(outcome).toMatchObject({ kind: "linked", customerId: "c-linked" });
  });

  it("§8: two conversations with the same identifier may remain unlinked (two customers share it)", () => {
    const shared = found(candidate("c1"), candidate("c2"));
    const first = resolveCustomer(input({ rawIdentifier: "393331234567", candidates: shared }));
    const second = resolveCustomer(input({ rawIdentifier: "+39 333 123 4567", candidates: shared }));
    for (const outcome of [first, second])
      expect(outcome).toMatchObject({ ...NO_LINK, reason: "ambiguous", candidateCount: 2 });
  });

  it("§8: no resolution occurs without instructor_id (not even an explicit link or a unique match)", () => {
    expect(
      resolveCustomer(input({ instructor: null, explicitCustomerId: "c-linked", candidates: found(candidate("c1")) })),
    ).toMatchObject(SKIPPED);
  });

  it("§8: the resolution path is deterministic and repeatable (same input, same outcome; candidate order irrelevant)", () => {
    const a = input({
      candidates: found(candidate("c2"), candidate("c1", { instructorId: OTHER_INSTRUCTOR }), candidate("c1")),
    });
    const b = input({
      candidates: found(candidate("c1"), candidate("c2"), candidate("c1", { instructorId: OTHER_INSTRUCTOR })),
    });
    expect(resolveCustomer(a)).toEqual(resolveCustomer(a));
    expect(resolveCustomer(a)).toEqual(resolveCustomer(b));
  });

  it("§8: the system performs zero writes during resolution (the resolver never mutates its frozen input)", () => {
    const frozen = deepFreeze(
      input({ candidates: found(candidate("c1"), candidate("c2", { instructorId: OTHER_INSTRUCTOR })) }),
    );
    const before = structuredClone(frozen);
    expect(() => resolveCustomer(frozen)).not.toThrow();
    expect(frozen).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------
const customerIds = fc.constantFrom("c1", "c2", "c3", "c4");
const identifiersPool = ["+393331234567", "+5215512345678", "+525512345678", "maria@example.com", "+390612345678"];
const arbCandidate = (instructorArb: fc.Arbitrary<string>) =>
  fc.record({
    customerId: customerIds,
    instructorId: instructorArb,
    displayName: fc.constantFrom("Maria", "Luca", "Anna"),
    channel: fc.constantFrom<"whatsapp" | "email">("whatsapp", "email"),
    normalizedIdentifier: fc.constantFrom(...identifiersPool),
  });
const arbLookup = (instructorArb: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.array(arbCandidate(instructorArb), { maxLength: 6 }).map((candidates) => ({ ok: true as const, candidates })),
    fc.constant({ ok: false as const, reason: "lookup_failed" as const }),
  );
const arbInput: fc.Arbitrary<ResolutionInput> = fc.record({
  instructor: fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.record({ id: fc.constantFrom(INSTRUCTOR, ""), defaultRegion: fc.constantFrom("IT", "MX", "US", null) }),
  ),
  explicitCustomerId: fc.option(customerIds, { nil: null }),
  channel: fc.constantFrom<"whatsapp" | "email">("whatsapp", "email"),
  rawIdentifier: fc.option(
    fc.constantFrom(
      "393331234567",
      "333 123 4567",
      "5215512345678",
      "52 55 1234 5678",
      "Maria@Example.com",
      "garbage",
      "",
      "06 1234 5678",
    ),
    { nil: null },
  ),
  candidates: arbLookup(fc.constantFrom(INSTRUCTOR, OTHER_INSTRUCTOR)),
});
const withoutDiagnostics = ({ diagnostics: _d, ...rest }: ResolutionOutcome) => rest;
const hasInstructor = (i: ResolutionInput) => Boolean(i.instructor?.id.trim());

describe("properties (fast-check)", () => {
  it("determinism: the same input always gives the same outcome", () => {
    fc.assert(
      fc.property(arbInput, (i) => {
        expect(resolveCustomer(structuredClone(i))).toEqual(resolveCustomer(i));
      }),
      { numRuns: 2000 },
    );
  });

  it("an explicit link always wins, whatever the candidates", () => {
    fc.assert(
      fc.property(arbInput, customerIds, (i, linked) => {
        fc.pre(hasInstructor(i));
        expect(resolveCustomer({ ...i, explicitCustomerId: linked })).toMatchObject({
          kind: "linked",
          customerId: linked,
          step: "step_1_explicit_link",
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("more than one candidate customer never resolves", () => {
    fc.assert(
      fc.property(arbInput, fc.uniqueArray(customerIds, { minLength: 2, maxLength: 4 }), (i, ids) => {
        const candidates = ids.map((id) => candidate(id));
        const outcome = resolveCustomer({
          ...i,
          explicitCustomerId: null,
          channel: "whatsapp",
          rawIdentifier: WA_ID,
          candidates: found(...candidates),
        });
        expect(outcome.kind).not.toBe("resolved");
        expect(outcome.kind).not.toBe("linked");
      }),
      { numRuns: 1000 },
    );
  });

  it("a resolved outcome always names the one distinct own matching candidate", () => {
    fc.assert(
      fc.property(arbInput, (i) => {
        const outcome = resolveCustomer(i);
        if (outcome.kind !== "resolved" || !i.candidates.ok) return;
        const own = i.candidates.candidates.filter(
          (c) =>
            c.instructorId === i.instructor?.id &&
            c.channel === i.channel &&
            c.normalizedIdentifier === outcome.normalizedIdentifier,
        );
        expect(new Set(own.map((c) => c.customerId))).toEqual(new Set([outcome.customerId]));
      }),
      { numRuns: 2000 },
    );
  });

  it("no instructor → always skipped", () => {
    fc.assert(
      fc.property(arbInput, fc.constantFrom(null, undefined, { id: "" }, { id: "   " }), (i, instructor) => {
        expect(resolveCustomer({ ...i, instructor })).toMatchObject(SKIPPED);
      }),
      { numRuns: 1000 },
    );
  });

  it("candidates of another instructor never change the outcome (only the logged count)", () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.array(arbCandidate(fc.constant(OTHER_INSTRUCTOR)), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (i, foreign, at) => {
          fc.pre(i.candidates.ok && i.instructor?.id === INSTRUCTOR);
          const own = i.candidates.ok ? i.candidates.candidates : [];
          const mixed = [...own];
          for (const f of foreign) mixed.splice(at % (mixed.length + 1), 0, f);
          const outcome = resolveCustomer({ ...i, candidates: found(...mixed) });
          expect(withoutDiagnostics(outcome)).toEqual(
            withoutDiagnostics(resolveCustomer({ ...i, candidates: found(...own) })),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
