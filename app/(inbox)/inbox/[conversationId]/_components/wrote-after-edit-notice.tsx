"use client";

/** The customer wrote after the instructor's edit: the edit stays, and a fresh proposal is offered, never forced. */
export function WroteAfterEditNotice({
  who,
  drafting,
  disabled,
  onFreshProposal,
}: {
  who: string;
  drafting: boolean;
  disabled: boolean;
  onFreshProposal: () => void;
}) {
  return (
    <div
      role="status"
      data-testid="wrote-after-edit"
      className="flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      <span>{who} wrote again after your edit. Your text stays as it is.</span>
      <button
        type="button"
        disabled={disabled}
        onClick={onFreshProposal}
        className="rounded-lg border border-amber-300 bg-white px-2 py-1 text-xs font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-60"
      >
        {drafting ? "Preparing a fresh proposal…" : "Make a fresh proposal"}
      </button>
    </div>
  );
}
