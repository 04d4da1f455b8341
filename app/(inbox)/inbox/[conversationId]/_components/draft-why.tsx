/**
 * The draft panel's "why": the facts the draft states (offer, price, understood date, group size…), what it
 * asks for, and the words that handed the message to the instructor instead of drafting a cheerful reply.
 */
import type { DraftWhy as DraftWhyData } from "@/lib/drafting/draft-why";

export function DraftWhy({ why }: { why: DraftWhyData | null }) {
  if (!why) return null;
  return (
    <div className="space-y-1.5 rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-700" data-testid="draft-why">
      {why.blockedBy.length > 0 ? (
        <div data-testid="draft-why-blocked">
          <p className="font-semibold text-amber-900">No cheerful reply: the message mentions</p>
          <ul className="mt-0.5 space-y-0.5">
            {why.blockedBy.map((b) => (
              <li key={b.label}>
                {b.label}: {b.words.map((w) => `“${w}”`).join(", ")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {why.spam.length > 0 ? (
        <p data-testid="draft-why-spam">
          Looks like spam, a sales pitch or a wrong number: {why.spam.map((w) => `“${w}”`).join(", ")}
        </p>
      ) : null}
      {why.modelBlocked ? (
        <p data-testid="draft-why-model">The model&apos;s reply was not used: {why.modelBlocked}.</p>
      ) : null}
      {why.facts.length > 0 ? (
        <div data-testid="draft-why-facts">
          <p className="font-semibold">What the draft uses</p>
          <dl className="mt-0.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
            {why.facts.map((f) => (
              <div key={f.label} className="contents">
                <dt className="text-slate-500">{f.label}</dt>
                <dd data-testid={`draft-fact-${f.label.toLowerCase().replace(/[^a-z]+/g, "-")}`}>{f.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      {why.asked.length > 0 ? (
        <p data-testid="draft-why-asked">It asks for: {why.asked.join(", ")}.</p>
      ) : why.facts.some((f) => f.label === "Date understood" || f.label === "People") ? (
        <p data-testid="draft-why-asked">It asks for nothing the customer already gave.</p>
      ) : null}
    </div>
  );
}
