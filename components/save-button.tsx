import { cx } from "@/components/format";

/** A form's submit button, disabled and saying "Saving…" while the save is in flight; compact inside a panel. */
export function SaveButton({
  pending,
  label,
  compact = false,
}: {
  pending: boolean;
  label: string;
  compact?: boolean;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      className={cx(
        "rounded-lg bg-brand-600 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60",
        compact ? "px-3 py-1.5" : "px-4 py-2",
      )}
    >
      {pending ? "Saving…" : label}
    </button>
  );
}
