import { cx } from "@/components/format";
import type { DraftOutcome } from "./use-draft-actions";

/** The server's plain-words answer to the last request, coloured by how it went. */
export function DraftOutcomeNote({ outcome }: { outcome: DraftOutcome | null }) {
  if (!outcome) return null;
  return (
    <p
      role="status"
      data-testid="draft-outcome"
      className={cx(
        "rounded-lg px-3 py-2 text-sm",
        outcome.tone === "ok"
          ? "bg-emerald-50 text-emerald-800"
          : outcome.tone === "warn"
            ? "bg-amber-50 text-amber-900"
            : "bg-red-50 text-red-800",
      )}
    >
      {outcome.text}
    </p>
  );
}
