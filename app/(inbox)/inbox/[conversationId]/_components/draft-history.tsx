"use client";
import { DateTimeText } from "@/components/local-time";
import type { ThreadDraft } from "@/db/queries/threads";

const ACTION_LABEL: Record<string, string> = {
  "draft.approved": "Approved",
  "draft.edited": "Edited",
  "draft.rejected": "Rejected",
  "message.sent": "Sent to WhatsApp",
  "message.send_failed": "Sending failed",
  "message.send_unknown": "Send outcome unknown",
};

/** Who did what to the draft, and when (in the instructor's zone). */
export function DraftHistory({ history }: { history: ThreadDraft["history"] }) {
  if (history.length === 0) return null;
  return (
    <ol
      className="space-y-0.5 border-t border-slate-100 pt-2 text-xs text-slate-500"
      aria-label="Draft history"
      data-testid="draft-history"
    >
      {history.map((event, index) => (
        <li key={index}>
          <span className="font-medium text-slate-700">{ACTION_LABEL[event.action] ?? event.action}</span>
          {event.actorName ? ` by ${event.actorName}` : ""} · <DateTimeText iso={event.at} />
          {event.action === "draft.rejected" && typeof event.data?.reason === "string"
            ? ` · “${event.data.reason}”`
            : ""}
        </li>
      ))}
    </ol>
  );
}
