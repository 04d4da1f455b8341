/**
 * CM-2.1: explicit link, else exactly one deterministic match, else no link. Never writes.
 * Pure: the caller looks the candidates up (read-only) and passes them in; the decision is data.
 */
import { normalizeIdentifier } from "@/lib/identifiers/normalize-identifier";
import type { ResolutionCandidate, ResolutionDiagnostics, ResolutionInput, ResolutionOutcome } from "./types";

export function resolveCustomer(input: ResolutionInput): ResolutionOutcome {
  const noDiagnostics: ResolutionDiagnostics = { ignoredForeignCandidates: 0, ignoredMismatchedCandidates: 0 };

  // CM-2.1 §5 / §8: no resolution occurs without instructor_id (abort, before any other step).
  const instructorId = input.instructor?.id?.trim();
  if (!instructorId) {
    return {
      kind: "skipped",
      event: "conversation.customer_resolution_skipped",
      step: "step_3_no_resolution",
      reason: "instructor_missing",
      rule: "CM-2.1 §5: instructor_id missing → abort resolution",
      diagnostics: noDiagnostics,
    };
  }

  // CM-2.1 step 1: an explicit conversation.customer_id is authoritative → STOP.
  if (input.explicitCustomerId) {
    return {
      kind: "linked",
      event: "conversation.customer_resolved",
      step: "step_1_explicit_link",
      customerId: input.explicitCustomerId,
      rule: "CM-2.1 step 1: conversation.customer_id exists → stop",
      diagnostics: noDiagnostics,
    };
  }

  // CM-2.1 step 3: identifier missing / cannot be normalized → no link.
  if (!input.rawIdentifier || input.rawIdentifier.trim() === "") {
    return unresolved({ reason: "identifier_missing", rule: "CM-2.1 step 3: identifier is missing → no link" });
  }
  const normalized = normalizeIdentifier({
    channel: input.channel,
    raw: input.rawIdentifier,
    defaultRegion: input.instructor?.defaultRegion,
  });
  if (!normalized.ok) {
    return unresolved({
      reason: "identifier_invalid",
      identifierFailure: normalized.reason,
      rule: "CM-2.1 step 3: identifier cannot be normalized → no link",
    });
  }

  // CM-2.1 §5: database or lookup error → safe fallback (no resolution).
  if (!input.candidates.ok) {
    return unresolved({
      reason: "lookup_failed",
      normalizedIdentifier: normalized.value,
      rule: "CM-2.1 §5: database or lookup error → no resolution",
    });
  }

  // CM-2.1 step 2 on (instructor_id, channel, normalized_identifier), counted in distinct customers.
  const diagnostics: ResolutionDiagnostics = { ignoredForeignCandidates: 0, ignoredMismatchedCandidates: 0 };
  // The sender's identifiers: the primary one, and any alternate that normalizes (same sender, same message).
  const accepted = new Set([keyOf(input.channel, normalized.value)]);
  for (const alternate of input.alternateIdentifiers ?? []) {
    const result = normalizeIdentifier({
      channel: alternate.channel,
      raw: alternate.raw,
      defaultRegion: input.instructor?.defaultRegion,
    });
    if (result.ok) accepted.add(keyOf(alternate.channel, result.value));
  }
  const matches = new Map<string, ResolutionCandidate>();
  for (const candidate of input.candidates.candidates) {
    if (candidate.instructorId !== instructorId) {
      diagnostics.ignoredForeignCandidates += 1; // CM-2.1 §2: cross-instructor linking is forbidden
    } else if (!accepted.has(keyOf(candidate.channel, candidate.normalizedIdentifier))) {
      diagnostics.ignoredMismatchedCandidates += 1;
    } else if (!matches.has(candidate.customerId)) {
      matches.set(candidate.customerId, candidate);
    }
  }

  if (matches.size === 1) {
    const [match] = [...matches.values()] as [ResolutionCandidate];
    return {
      kind: "resolved",
      event: "conversation.customer_resolved",
      step: "step_2_identity_match",
      customerId: match.customerId,
      displayName: match.displayName,
      normalizedIdentifier: normalized.value,
      rule: "CM-2.1 step 2: exactly one match → valid resolution candidate",
      diagnostics,
    };
  }
  if (matches.size === 0) {
    return unresolved({
      reason: "no_match",
      candidateCount: 0,
      normalizedIdentifier: normalized.value,
      rule: "CM-2.1 step 2: no match → no resolution",
      diagnostics,
    });
  }
  return unresolved({
    reason: "ambiguous",
    candidateCount: matches.size,
    normalizedIdentifier: normalized.value,
    rule: "CM-2.1 step 2: multiple matches → no resolution",
    diagnostics,
  });

  function unresolved(
    fields: Omit<Extract<ResolutionOutcome, { kind: "unresolved" }>, "kind" | "event" | "step" | "diagnostics"> & {
      diagnostics?: ResolutionDiagnostics;
    },
  ): ResolutionOutcome {
    return {
      kind: "unresolved",
      event: "conversation.customer_unresolved",
      step: "step_3_no_resolution",
      ...fields,
      diagnostics: fields.diagnostics ?? noDiagnostics,
    };
  }
}

function keyOf(channel: string, normalizedIdentifier: string): string {
  return `${channel}\u0000${normalizedIdentifier}`;
}
