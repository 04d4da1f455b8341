import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatPhone } from "@/components/format";
import { DateTimeText } from "@/components/local-time";
import { TrailList } from "@/components/trail-list";
import { getCustomerPage } from "@/db/queries/audit-trail";
import { requireSignedInPage } from "@/server/auth-session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customer" };

const CHANNEL_LABEL: Record<string, string> = {
  whatsapp: "WhatsApp",
  email: "E-mail",
  whatsapp_user_id: "WhatsApp user id",
};

/** One customer: identifiers, the conversations linked to them now, and the history of links (CM-2.5). Read-only. */
export default async function CustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { instructor } = await requireSignedInPage();
  // Another instructor's customer is simply not found: nothing of it is read or shown.
  const page = await getCustomerPage({ instructorId: instructor.id, customerId: (await params).customerId });
  if (!page) notFound();
  const { customer, conversations, trail } = page;
  return (
    <main className="mx-auto w-full max-w-3xl space-y-4 px-3 py-4 sm:px-4">
      <div>
        <Link href="/customers" className="text-sm font-medium text-brand-700 hover:underline">
          ← Customers
        </Link>
        <h1 className="mt-1 text-xl font-semibold tracking-tight" data-testid="customer-name">
          {customer.displayName}
        </h1>
        {customer.notes ? <p className="text-sm text-slate-600">{customer.notes}</p> : null}
        <ul className="mt-2 flex flex-wrap gap-1.5">
          {customer.identifiers.map((i) => (
            <li
              key={i.id}
              className="rounded-full bg-slate-50 px-2 py-0.5 text-xs text-slate-700 ring-1 ring-slate-200 ring-inset"
            >
              {CHANNEL_LABEL[i.channel] ?? i.channel}:{" "}
              {i.channel === "whatsapp" ? formatPhone(i.normalizedIdentifier) : i.normalizedIdentifier}
              {i.sharedWith.length > 0 ? ` · also saved for ${i.sharedWith.map((s) => s.displayName).join(", ")}` : ""}
            </li>
          ))}
          {customer.identifiers.length === 0 ? <li className="text-xs text-slate-400">No number</li> : null}
        </ul>
      </div>

      <section
        aria-labelledby="customer-conversations"
        className="rounded-xl border border-slate-200 bg-white px-3 py-2.5"
      >
        <h2 id="customer-conversations" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Linked conversations
        </h2>
        {conversations.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">No conversation is linked to {customer.displayName} now.</p>
        ) : null}
        <ul className="mt-1 divide-y divide-slate-100" data-testid="customer-conversations">
          {conversations.map((c) => (
            <li key={c.id} className="py-2">
              <Link href={`/inbox/${c.id}`} className="font-medium text-brand-700 hover:underline">
                {c.displayName ?? formatPhone(c.externalIdentity)}
              </Link>
              <p className="truncate text-sm text-slate-600">
                <time dateTime={c.lastMessageAt} className="mr-2 text-xs text-slate-500">
                  <DateTimeText iso={c.lastMessageAt} />
                </time>
                {c.lastMessagePreview}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section
        aria-labelledby="customer-history"
        className="rounded-xl border border-slate-200 bg-white px-3 py-2.5"
        data-testid="customer-trail"
      >
        <h2 id="customer-history" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          History
        </h2>
        <TrailList items={trail} />
      </section>
    </main>
  );
}
