import type { ReactNode } from "react";
import { requireSignedInPage } from "@/server/auth-session";
import { TimeSettingsProvider } from "@/components/local-time";
import { resolveTimeSettings } from "@/lib/format/date-time";
import { AppNav } from "./_components/app-nav";
import { UnreadBadge } from "./_components/unread-badge";

export const dynamic = "force-dynamic";

/** The signed-in shell: navigation (Inbox, Customers, Settings, sign out) above every inbox page. */
export default async function InboxGroupLayout({ children }: { children: ReactNode }) {
  const { instructor } = await requireSignedInPage();
  return (
    <div className="flex min-h-dvh flex-col lg:h-dvh lg:overflow-hidden">
      <AppNav instructorName={instructor.name} />
      <UnreadBadge />
      <TimeSettingsProvider value={resolveTimeSettings(instructor)}>
        <div className="flex min-h-0 flex-1 flex-col lg:overflow-y-auto">{children}</div>
      </TimeSettingsProvider>
    </div>
  );
}
