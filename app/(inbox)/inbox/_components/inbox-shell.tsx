"use client";

import { useSelectedLayoutSegment } from "next/navigation";
import type { ReactNode } from "react";
import type { InboxPage } from "@/db/queries/conversations";
import { cx } from "@/components/format";
import { ConversationList } from "./conversation-list";

/**
 * Two panes on a wide screen (list | thread); one on a phone: the list at /inbox, the thread at
 * /inbox/[id]. The list lives in the layout, so its filter and scroll survive opening a thread.
 */
export function InboxShell({ initialPage, children }: { initialPage: InboxPage; children: ReactNode }) {
  const activeId = useSelectedLayoutSegment();
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-1 lg:h-[calc(100dvh-3.5rem)] lg:border-x lg:border-slate-200">
      <aside
        aria-label="Conversations"
        className={cx(
          "w-full flex-col border-slate-200 bg-white lg:flex lg:w-96 lg:shrink-0 lg:border-r",
          activeId ? "hidden" : "flex",
        )}
      >
        <ConversationList initialPage={initialPage} activeId={activeId} />
      </aside>
      <section
        aria-label="Conversation"
        className={cx("min-w-0 flex-1 flex-col bg-slate-50 lg:flex", activeId ? "flex" : "hidden")}
      >
        {children}
      </section>
    </div>
  );
}
