import type { ReactNode } from "react";
import { listConversations } from "@/db/queries/conversations";
import { requireSignedInPage } from "@/server/auth-session";
import { InboxShell } from "./_components/inbox-shell";

export const dynamic = "force-dynamic";

/** The inbox: the conversation list beside (desktop) or instead of (phone) the open thread. */
export default async function InboxLayout({ children }: { children: ReactNode }) {
  const { instructor } = await requireSignedInPage();
  // Server-rendered first page; the client keeps it live by polling the same query as JSON.
  const initialPage = await listConversations({ instructorId: instructor.id, filter: "all" });
  return <InboxShell initialPage={initialPage}>{children}</InboxShell>;
}
