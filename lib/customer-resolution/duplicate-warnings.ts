/** Identifiers also saved for other customers: kept on both, never merged (CM-1), and said so on save. */
export interface IdentifiersWithShares {
  identifiers: { normalizedIdentifier: string; sharedWith: { displayName: string }[] }[];
}

export function duplicateWarnings(customer: IdentifiersWithShares): string[] {
  return customer.identifiers
    .filter((i) => i.sharedWith.length > 0)
    .map(
      (i) =>
        `${i.normalizedIdentifier} is also saved for ${i.sharedWith.map((s) => s.displayName).join(", ")}. Both are kept (never merged); messages from this number will not be matched to either customer.`,
    );
}
