import { cx } from "@/components/format";
import type { ThreadDraft } from "@/db/queries/threads";

const LABEL: Record<ThreadDraft["state"], string> = {
  pending: "Preparing",
  failed: "Preparing failed",
  not_drafted: "No draft",
  proposed: "Ready for review",
  edited: "Edited",
  approved: "Approved",
  sending: "Sending",
  sent: "Sent",
  send_failed: "Send failed",
  unknown: "Outcome unknown",
  rejected: "Rejected",
  superseded: "Superseded",
};

export function DraftStateChip({ state }: { state: ThreadDraft["state"] }) {
  const tone =
    state === "proposed" || state === "edited"
      ? "bg-brand-50 text-brand-700"
      : state === "sent" || state === "approved"
        ? "bg-emerald-50 text-emerald-700"
        : state === "send_failed" || state === "unknown" || state === "failed"
          ? "bg-rose-50 text-rose-700"
          : "bg-slate-100 text-slate-600";
  return (
    <span data-testid="draft-state" className={cx("rounded-full px-2 py-0.5 text-xs font-medium", tone)}>
      {LABEL[state]}
    </span>
  );
}
