"use client";

/** Rejecting a draft, with an optional reason; rejecting dismisses the turn until the customer writes again. */
export function RejectForm({
  reason,
  onReasonChange,
  pending,
  onReject,
  onCancel,
}: {
  reason: string;
  onReasonChange: (value: string) => void;
  pending: boolean;
  onReject: () => void;
  onCancel: () => void;
}) {
  return (
    <form
      className="space-y-2 rounded-lg bg-slate-50 p-2"
      onSubmit={(event) => {
        event.preventDefault();
        onReject();
      }}
    >
      <label htmlFor="reject-reason" className="block text-sm font-medium text-slate-700">
        Why reject? (optional)
      </label>
      <input
        id="reject-reason"
        value={reason}
        onChange={(event) => onReasonChange(event.target.value)}
        maxLength={1000}
        autoFocus
        className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none"
      />
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-rose-600 px-3 py-2 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-60"
        >
          Confirm reject
        </button>
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-200"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
