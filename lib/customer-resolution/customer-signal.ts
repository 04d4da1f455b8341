/**
 * CM-2.4 read-only customer signal: what the inbox shows about who is writing, mapped from a
 * CM-2.1 outcome. It offers no action (no link, merge or create). Pure; plain serializable output.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { ResolutionEvent, ResolutionOutcome, ResolutionStep } from "./types";

export type CustomerSignalState = "linked" | "probable_match" | "no_match" | "ambiguous" | "not_resolvable";

export interface CustomerSignal {
  state: CustomerSignalState;
  customerId?: string;
  customerName?: string;
  /** Distinct customers of this instructor with the sender's identifier (probable_match 1, no_match 0, ambiguous ≥ 2). */
  candidateCount?: number;
  /** Why, in plain words. */
  reason: string;
  /** "A customer with a similar number exists: …" (known WhatsApp number variants; never a match). */
  hint?: string;
  event: ResolutionEvent;
  step: ResolutionStep;
}

/** A customer whose identifier equals a known variant of the sender's number. */
export interface SimilarCustomer {
  customerId: string;
  displayName: string;
  normalizedIdentifier: string;
}

export interface CustomerSignalInput {
  outcome: ResolutionOutcome;
  /** The explicitly linked customer's name, when the link points at a customer of this instructor. */
  linkedCustomerName?: string | null;
  /** Customers matching a variant of the sender's number (only shown for no_match). */
  similarCustomers?: readonly SimilarCustomer[];
  /** What the sender is known by (see conversation-identifier): a BSUID means they shared no phone number. */
  identifierChannel?: string;
}

const MAX_HINT_NAMES = 3;

export function customerSignal({
  outcome,
  linkedCustomerName,
  similarCustomers = [],
  identifierChannel,
}: CustomerSignalInput): CustomerSignal {
  const base = { event: outcome.event, step: outcome.step };
  // A sender known only by their WhatsApp user id shared no phone number: say so, not "not a valid number".
  const userId = identifierChannel === "whatsapp_user_id";
  const noun = (normalized: string | undefined) => (userId ? "WhatsApp user id" : nounOf(normalized));
  const noPhone = userId ? "No phone number shared. " : "";
  switch (outcome.kind) {
    case "linked":
      return {
        ...base,
        state: "linked",
        customerId: outcome.customerId,
        ...(linkedCustomerName ? { customerName: linkedCustomerName } : {}),
        reason: linkedCustomerName
          ? `You linked this conversation to ${linkedCustomerName}.`
          : "You linked this conversation to a customer.",
      };
    case "resolved":
      return {
        ...base,
        state: "probable_match",
        customerId: outcome.customerId,
        customerName: outcome.displayName,
        candidateCount: 1,
        reason: `${outcome.displayName} is the only one of your customers with this ${noun(outcome.normalizedIdentifier)}. It is not linked.`,
      };
    case "skipped":
      return {
        ...base,
        state: "not_resolvable",
        reason: "This conversation has no instructor account attached, so your customers were not checked.",
      };
    case "unresolved":
      switch (outcome.reason) {
        case "no_match": {
          const hint = similarHint(similarCustomers);
          return {
            ...base,
            state: "no_match",
            candidateCount: 0,
            reason: `${noPhone}None of your customers has this ${noun(outcome.normalizedIdentifier)}.`,
            ...(hint ? { hint } : {}),
          };
        }
        case "ambiguous":
          return {
            ...base,
            state: "ambiguous",
            candidateCount: outcome.candidateCount,
            reason: `${noPhone}${outcome.candidateCount} of your customers share this ${noun(outcome.normalizedIdentifier)}, so none is suggested.`,
          };
        case "identifier_missing":
          return {
            ...base,
            state: "not_resolvable",
            reason: "The sender's number or address is missing, so your customers were not checked.",
          };
        case "identifier_invalid":
          return userId
            ? {
                ...base,
                state: "not_resolvable",
                reason:
                  "No phone number shared, and the sender's WhatsApp user id could not be read, so your customers were not checked.",
              }
            : {
                ...base,
                state: "not_resolvable",
                reason: "The sender's number or address is not a valid one, so your customers were not checked.",
              };
        case "lookup_failed":
          return {
            ...base,
            state: "not_resolvable",
            reason: "Your customers could not be checked just now. Try again in a moment.",
          };
      }
  }
}

function nounOf(normalizedIdentifier: string | undefined): string {
  return normalizedIdentifier?.includes("@") ? "address" : "number";
}

function similarHint(similar: readonly SimilarCustomer[]): string | undefined {
  const byCustomer = new Map<string, SimilarCustomer>();
  for (const customer of similar)
    if (!byCustomer.has(customer.customerId)) byCustomer.set(customer.customerId, customer);
  const listed = [...byCustomer.values()]
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.customerId.localeCompare(b.customerId))
    .slice(0, MAX_HINT_NAMES)
    .map((c) => `${c.displayName} (${displayNumber(c.normalizedIdentifier)})`);
  if (listed.length === 0) return undefined;
  const more = byCustomer.size - listed.length;
  const names = listed.join(", ") + (more > 0 ? ` and ${more} more` : "");
  return byCustomer.size === 1
    ? `A customer with a similar number exists: ${names}. WhatsApp sometimes writes the same number in another form.`
    : `Customers with a similar number exist: ${names}. WhatsApp sometimes writes the same number in another form.`;
}

function displayNumber(e164: string): string {
  return parsePhoneNumberFromString(e164, { extract: false })?.formatInternational() ?? e164;
}
