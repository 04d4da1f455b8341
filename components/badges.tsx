import type { CustomerSignal } from "@/lib/customer-resolution/customer-signal";
import type { DraftState } from "@/lib/vocabulary";
import { cx } from "./format";

const SIGNAL_LABEL: Record<CustomerSignal["state"], string> = {
  linked: "Linked",
  probable_match: "Probably",
  no_match: "Unknown sender",
  ambiguous: "Ambiguous",
  not_resolvable: "Not checked",
};

const SIGNAL_STYLE: Record<CustomerSignal["state"], string> = {
  linked: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  probable_match: "bg-sky-50 text-sky-800 ring-sky-200",
  no_match: "bg-slate-100 text-slate-700 ring-slate-200",
  ambiguous: "bg-amber-50 text-amber-800 ring-amber-200",
  not_resolvable: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function signalLabel(signal: CustomerSignal): string {
  if ((signal.state === "linked" || signal.state === "probable_match") && signal.customerName) {
    return `${SIGNAL_LABEL[signal.state]}: ${signal.customerName}`;
  }
  if (signal.state === "ambiguous" && signal.candidateCount) return `Ambiguous: ${signal.candidateCount} customers`;
  return SIGNAL_LABEL[signal.state];
}

export function SignalBadge({ signal }: { signal: CustomerSignal | null }) {
  if (!signal) return null;
  return (
    <span
      data-testid="signal-badge"
      data-state={signal.state}
      title={signal.reason}
      className={cx(
        "inline-flex max-w-full items-center truncate rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        SIGNAL_STYLE[signal.state],
      )}
    >
      {signalLabel(signal)}
    </span>
  );
}

/** "Draft ready" when a draft waits for approval; "Needs you" when a human must answer. */
export function AttentionBadge({ draftState, attention }: { draftState: DraftState | null; attention: string | null }) {
  if (draftState === "proposed" || draftState === "edited" || draftState === "send_failed") {
    return (
      <span className="inline-flex shrink-0 items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-100">
        Draft ready
      </span>
    );
  }
  if (attention || draftState === "unknown") {
    return (
      <span className="inline-flex shrink-0 items-center rounded-full bg-rose-50 px-2 py-0.5 text-xs font-medium text-rose-700 ring-1 ring-inset ring-rose-200">
        Needs you
      </span>
    );
  }
  return null;
}
