"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { AttentionBadge, SignalBadge } from "@/components/badges";
import { cx, formatPhone } from "@/components/format";
import { fetchJson } from "@/components/fetch-json";
import { ListTimeText } from "@/components/local-time";
import type { InboxConversation, InboxFilter, InboxPage } from "@/db/queries/conversations";

const FILTERS: { value: InboxFilter; label: string; empty: string }[] = [
  {
    value: "all",
    label: "All",
    empty:
      "No conversations yet. When a customer writes to your WhatsApp business number, the conversation appears here by itself.",
  },
  {
    value: "needs_review",
    label: "Needs review",
    empty: "Nothing to review: every draft has been approved or rejected.",
  },
  {
    value: "handed_to_human",
    label: "Handed to you",
    empty: "Nothing handed to you. Complaints and unclear messages show up here.",
  },
  { value: "unlinked", label: "Unlinked", empty: "Every conversation is linked to a customer." },
];

export const INBOX_POLL_MS = 3_000;

export function ConversationList({ initialPage, activeId }: { initialPage: InboxPage; activeId: string | null }) {
  const [filter, setFilter] = useState<InboxFilter>("all");
  const router = useRouter();
  const query = useInfiniteQuery({
    queryKey: ["conversations", filter],
    queryFn: ({ pageParam }) =>
      fetchJson<InboxPage>(
        `/api/conversations?filter=${filter}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: filter === "all" ? { pages: [initialPage], pageParams: [null] } : undefined,
    // Live: poll while the page is open; after a reconnect React Query refetches and catches up.
    refetchInterval: INBOX_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnReconnect: "always",
  });

  // Keyset pages refetched while new messages arrive may repeat a row: keep its first (newest) place.
  const items = useMemo(() => {
    const seen = new Set<string>();
    const out: InboxConversation[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        out.push(item);
      }
    }
    return out;
  }, [query.data]);

  // j / k: next / previous conversation (ignored while typing).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      if (event.key !== "j" && event.key !== "k") return;
      if (items.length === 0) return;
      const index = items.findIndex((c) => c.id === activeId);
      const next = index === -1 ? 0 : Math.min(items.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)));
      const id = items[next]!.id;
      if (id !== activeId) {
        event.preventDefault();
        router.push(`/inbox/${id}`);
        document.getElementById(`conversation-${id}`)?.scrollIntoView({ block: "nearest" });
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, activeId, router]);

  const current = FILTERS.find((f) => f.value === filter)!;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="border-b border-slate-200 px-3 pt-3 pb-2">
        <div className="flex items-center justify-between gap-2">
          <h1 className="text-lg font-semibold tracking-tight">Inbox</h1>
          <span className="text-xs text-slate-500" aria-live="polite">
            {query.isError ? "Offline: retrying…" : query.isFetching ? "Updating…" : "Live"}
          </span>
        </div>
        <div role="tablist" aria-label="Filter conversations" className="mt-2 -mx-1 flex gap-1 overflow-x-auto pb-1">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              role="tab"
              aria-selected={filter === f.value}
              onClick={() => setFilter(f.value)}
              className={cx(
                "shrink-0 rounded-full px-3 py-1 text-sm font-medium",
                filter === f.value ? "bg-slate-900 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200",
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto">
        {query.isError && items.length === 0 ? (
          <div role="alert" className="m-3 rounded-lg bg-red-50 p-3 text-sm text-red-700">
            Could not load your conversations ({query.error.message}). Check your connection; this retries by itself.
          </div>
        ) : query.isPending ? (
          <p className="p-4 text-sm text-slate-500">Loading…</p>
        ) : items.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500" data-testid="inbox-empty">
            {current.empty}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="conversation-list">
            {items.map((c) => (
              <ConversationRow key={c.id} conversation={c} active={c.id === activeId} />
            ))}
          </ul>
        )}
        {query.hasNextPage ? (
          <div className="p-3">
            <button
              type="button"
              onClick={() => query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
              className="w-full rounded-lg border border-slate-200 bg-white py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
            >
              {query.isFetchingNextPage ? "Loading…" : "Load older conversations"}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function ConversationRow({ conversation: c, active }: { conversation: InboxConversation; active: boolean }) {
  const name = c.displayName ?? formatPhone(c.externalIdentity);
  const number = c.waId ? formatPhone(c.waId) : null;
  return (
    <li id={`conversation-${c.id}`}>
      <Link
        href={`/inbox/${c.id}`}
        data-testid="conversation-row"
        aria-current={active ? "page" : undefined}
        className={cx("block px-3 py-3 hover:bg-slate-50", active && "bg-brand-50 hover:bg-brand-50")}
      >
        <div className="flex items-baseline gap-2">
          <span
            className={cx(
              "min-w-0 flex-1 truncate",
              c.unreadCount > 0 ? "font-semibold text-slate-900" : "font-medium text-slate-800",
            )}
          >
            {name}
          </span>
          <time dateTime={c.lastMessageAt} className="shrink-0 text-xs text-slate-500">
            <ListTimeText iso={c.lastMessageAt} />
          </time>
        </div>
        {number && number !== name ? <div className="truncate text-xs text-slate-500">{number}</div> : null}
        <div className="mt-0.5 flex items-center gap-2">
          <p className={cx("min-w-0 flex-1 truncate text-sm", c.unreadCount > 0 ? "text-slate-800" : "text-slate-500")}>
            {c.lastMessagePreview ?? "—"}
          </p>
          {c.unreadCount > 0 ? (
            <span
              className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-brand-500 px-1.5 text-xs font-semibold text-white"
              aria-label={`${c.unreadCount} unread`}
            >
              {c.unreadCount}
            </span>
          ) : null}
        </div>
        <div className="mt-1.5 flex min-w-0 flex-wrap items-center gap-1.5">
          <AttentionBadge draftState={c.latestDraftState} attention={c.attention} />
          <SignalBadge signal={c.signal} />
        </div>
      </Link>
    </li>
  );
}
