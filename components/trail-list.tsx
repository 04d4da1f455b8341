/** A CM-2.5 audit trail, read-only, newest first, in plain words. */
import { DateTimeText } from "@/components/local-time";
import type { AuditTrailEntry } from "@/db/queries/audit-trail";

export function TrailList({ items }: { items: AuditTrailEntry[] }) {
  if (items.length === 0) return <p className="mt-1 text-xs text-slate-500">Nothing has been recorded yet.</p>;
  return (
    <ol className="mt-1 space-y-1.5" data-testid="trail-list">
      {items.map((item) => (
        <li key={item.id} data-testid="trail-entry" className="text-sm">
          <time dateTime={item.at} className="mr-2 text-xs text-slate-500">
            <DateTimeText iso={item.at} />
          </time>
          <span>{item.words}</span>
          {item.seen ? <span className="ml-1 text-xs text-slate-500">{item.seen}</span> : null}
        </li>
      ))}
    </ol>
  );
}
