/** CM-2.1 resolution: the data in and out of the pure resolver. Plain, serializable objects. */
import type { NormalizeFailureReason } from "@/lib/identifiers/normalize-identifier";
import type { IdentifierChannel } from "@/lib/vocabulary";

/** CM-2.1 §7 conceptual events. Returned and logged, never stored. */
export type ResolutionEvent =
  "conversation.customer_resolved" | "conversation.customer_unresolved" | "conversation.customer_resolution_skipped";

/** The CM-2.1 §3 step that decided the outcome. */
export type ResolutionStep = "step_1_explicit_link" | "step_2_identity_match" | "step_3_no_resolution";

/** A customer the caller found for (instructor_id, channel, normalized_identifier). */
export interface ResolutionCandidate {
  customerId: string;
  /** The instructor who owns the customer: checked again by the resolver (defence in depth). */
  instructorId: string;
  displayName: string;
  channel: IdentifierChannel;
  normalizedIdentifier: string;
}

/** What the caller's candidate lookup gave: the rows, or a failure (CM-2.1 §5 database error). */
export type CandidateLookup =
  { ok: true; candidates: readonly ResolutionCandidate[] } | { ok: false; reason: "lookup_failed" };

export interface ResolutionInput {
  /** The instructor context; null/undefined when missing (CM-2.1 §5: abort resolution). */
  instructor: { id: string; defaultRegion?: string | null } | null | undefined;
  /** `conversation.customer_id`: the explicit link (CM-2.1 step 1). */
  explicitCustomerId: string | null | undefined;
  channel: IdentifierChannel | (string & {});
  /** The conversation's sender identity as the channel gave it (WhatsApp: the wa_id digits). */
  rawIdentifier: string | null | undefined;
  /**
   * Other identifiers WhatsApp gave for the same sender (the user id next to the phone). A candidate
   * matching any of them counts, still in distinct customers: one customer → a match, two → ambiguous.
   * An alternate that does not normalize is ignored (the primary decides whether resolution can run).
   */
  alternateIdentifiers?: readonly { channel: IdentifierChannel | (string & {}); raw: string }[];
  /** The caller's lookup; not consulted when step 1 or the identifier already decided. */
  candidates: CandidateLookup;
}

export type UnresolvedReason = "identifier_missing" | "identifier_invalid" | "lookup_failed" | "no_match" | "ambiguous";

/** Counted for logging only: they never change the outcome. */
export interface ResolutionDiagnostics {
  /** Candidates of another instructor that a caller passed (CM-2.1 §2 instructor-scoped always). */
  ignoredForeignCandidates: number;
  /** Candidates whose channel or normalized identifier is not the conversation's. */
  ignoredMismatchedCandidates: number;
}

interface OutcomeBase {
  /** The CM-2.1 line that decided, in words (for logs and explanations). */
  rule: string;
  diagnostics: ResolutionDiagnostics;
}

export type ResolutionOutcome =
  | (OutcomeBase & {
      kind: "linked";
      event: "conversation.customer_resolved";
      step: "step_1_explicit_link";
      customerId: string;
    })
  | (OutcomeBase & {
      kind: "resolved";
      event: "conversation.customer_resolved";
      step: "step_2_identity_match";
      customerId: string;
      displayName: string;
      normalizedIdentifier: string;
    })
  | (OutcomeBase & {
      kind: "unresolved";
      event: "conversation.customer_unresolved";
      step: "step_3_no_resolution";
      reason: UnresolvedReason;
      /** Distinct customers of this instructor that matched (no_match: 0, ambiguous: 2 or more). */
      candidateCount?: number;
      /** Present once the identifier normalized. */
      normalizedIdentifier?: string;
      /** Why the identifier could not be normalized (identifier_invalid). */
      identifierFailure?: NormalizeFailureReason;
    })
  | (OutcomeBase & {
      kind: "skipped";
      event: "conversation.customer_resolution_skipped";
      step: "step_3_no_resolution";
      reason: "instructor_missing";
    });
