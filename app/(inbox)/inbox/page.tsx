import { listConversations } from "@/db/queries/conversations";
import { requireSignedInPage } from "@/lib/auth-session";

export const dynamic = "force-dynamic";

export default async function InboxPage() {
  const { instructor } = await requireSignedInPage();
  const rows = await listConversations({ instructorId: instructor.id });
  return (
    <main className="mx-auto max-w-2xl p-4">
      <h1 className="mb-4 text-xl font-semibold">Inbox · {instructor.name}</h1>
      <ul className="divide-y rounded-xl border bg-white">
        {rows.map((c) => (
          <li key={c.id} className="p-3" data-testid="conversation-row">
            <div className="font-medium">{c.displayName ?? c.externalIdentity}</div>
            <div className="truncate text-sm text-slate-500">{c.lastMessagePreview}</div>
          </li>
        ))}
      </ul>
    </main>
  );
}
