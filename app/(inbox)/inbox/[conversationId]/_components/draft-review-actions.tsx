"use client";
import type { Ref } from "react";

/** Approve & send (with the keyboard's confirmation prompt), Save edit and Reject. */
export function DraftReviewActions({
  approveRef,
  armed,
  pending,
  canApprove,
  canSave,
  onApprove,
  onSave,
  onReject,
}: {
  approveRef: Ref<HTMLButtonElement>;
  /** `a` was pressed: Enter now sends. */
  armed: boolean;
  pending: boolean;
  canApprove: boolean;
  canSave: boolean;
  onApprove: () => void;
  onSave: () => void;
  onReject: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <button
        ref={approveRef}
        type="button"
        disabled={!canApprove}
        onClick={onApprove}
        className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        aria-keyshortcuts="a"
      >
        {pending ? "Working…" : "Approve & send"}
      </button>
      {armed ? (
        <span role="alert" data-testid="approve-confirm" className="self-center text-sm font-medium text-brand-700">
          Press Enter to send this reply on WhatsApp, any other key to cancel.
        </span>
      ) : null}
      <button
        type="button"
        disabled={!canSave}
        onClick={onSave}
        className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
        aria-keyshortcuts="e"
      >
        Save edit
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={onReject}
        className="rounded-lg px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50"
      >
        Reject
      </button>
    </div>
  );
}
