"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { SignalBadge } from "@/components/badges";
import { cx, formatDuration, formatPhone } from "@/components/format";
import { fetchJson } from "@/components/fetch-json";
import type { ThreadData, ThreadMessage } from "@/db/queries/threads";
import { Composer } from "./composer";
import { CustomerSection } from "./customer-section";
import { DraftPanel } from "./draft-panel";
import { AttachmentComposer } from "./attachment-composer";
import { MessageBubble } from "./message-bubble";
import { TemplatePicker } from "./template-picker";

export const THREAD_POLL_MS = 3_000;

export function ThreadView({ initial }: { initial: ThreadData }) {
  const conversationId = initial.conversation.id;
  const queryClient = useQueryClient();
  const thread = useQuery({
    queryKey: ["thread", conversationId],
    queryFn: () => fetchJson<ThreadData>(`/api/conversations/${conversationId}`),
    initialData: initial,
    refetchInterval: THREAD_POLL_MS,
    refetchOnReconnect: "always",
  });
  const data = thread.data;

  // Older pages, loaded on scroll (keyset cursor from the first page the thread was opened with).
  const [older, setOlder] = useState<ThreadMessage[]>([]);
  const [olderCursor, setOlderCursor] = useState<string | null>(initial.olderCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await fetchJson<{ messages: ThreadMessage[]; olderCursor: string | null }>(
        `/api/conversations/${conversationId}/messages?cursor=${encodeURIComponent(olderCursor)}`,
      );
      setOlder((current) => [...page.messages, ...current]);
      setOlderCursor(page.olderCursor);
    } catch (error) {
      setOlderError(error instanceof Error ? error.message : "Could not load older messages.");
    } finally {
      setLoadingOlder(false);
    }
  }, [conversationId, olderCursor, loadingOlder]);

  const allMessages = useMemo(() => {
    const live = new Set(data.messages.map((m) => m.id));
    return [...older.filter((m) => !live.has(m.id)), ...data.messages];
  }, [older, data.messages]);
  // Reactions are shown on the message they react to, not as messages of their own.
  const visible = allMessages.filter((m) => m.type !== "reaction");

  // Opening marks read; a new inbound message while open is read too.
  const newestInboundId = [...data.messages].reverse().find((m) => m.direction === "inbound")?.id ?? null;
  useEffect(() => {
    void fetch(`/api/conversations/${conversationId}/read`, { method: "POST" }).then(() =>
      queryClient.invalidateQueries({ queryKey: ["conversations"] }),
    );
  }, [conversationId, newestInboundId, queryClient]);

  // Keep the newest message in view when one arrives (unless the reader scrolled up to read history).
  const bottomRef = useRef<HTMLDivElement>(null);
  const newestId = data.messages.at(-1)?.id;
  const firstScroll = useRef(true);
  useLayoutEffect(() => {
    const bottom = bottomRef.current;
    if (!bottom) return;
    const rect = bottom.getBoundingClientRect();
    const nearBottom = rect.top < window.innerHeight + 400;
    if (firstScroll.current || nearBottom) bottom.scrollIntoView({ block: "end" });
    firstScroll.current = false;
  }, [newestId]);

  // Infinite scroll upwards: a sentinel above the first message.
  const topRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const top = topRef.current;
    if (!top || !olderCursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !firstScroll.current) void loadOlder();
    });
    observer.observe(top);
    return () => observer.disconnect();
  }, [olderCursor, loadOlder]);

  const c = data.conversation;
  const name = c.displayName ?? formatPhone(c.externalIdentity);
  const number = c.waId ? formatPhone(c.waId) : c.externalIdentity;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="sticky top-14 z-10 flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2.5 lg:static">
        <Link
          href="/inbox"
          className="-ml-1 rounded-lg px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50 lg:hidden"
          aria-label="Back to the inbox"
        >
          ← Inbox
        </Link>
        <div className="min-w-0 flex-1">
          <h1 className="truncate font-semibold" data-testid="thread-title">
            {name}
          </h1>
          <p className="truncate text-xs text-slate-500">{number !== name ? number : "WhatsApp"}</p>
        </div>
        <span className="hidden text-xs text-slate-500 sm:inline" aria-live="polite">
          {thread.isError ? "Offline: retrying…" : "Live"}
        </span>
      </header>

      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto max-w-3xl space-y-3 px-3 py-3">
          <SignalPanel signal={data.signal} />
          <CustomerSection data={data} />
          {c.attention ? (
            <div className="rounded-xl border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
              <span className="font-medium">Needs you:</span> {c.attentionReason ?? "handed to a human"}
            </div>
          ) : null}

          <div ref={topRef} aria-hidden className="h-px" />
          {olderCursor ? (
            <div className="text-center">
              <button
                type="button"
                onClick={() => void loadOlder()}
                disabled={loadingOlder}
                className="rounded-full bg-white px-3 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50 disabled:opacity-60"
              >
                {loadingOlder ? "Loading…" : "Load older messages"}
              </button>
              {olderError ? (
                <p role="alert" className="mt-1 text-xs text-red-700">
                  {olderError}
                </p>
              ) : null}
            </div>
          ) : null}

          <ol className="space-y-2" aria-label="Messages" data-testid="thread-messages">
            {visible.length === 0 ? (
              <li className="py-6 text-center text-sm text-slate-500">No messages yet.</li>
            ) : null}
            {visible.map((m) => (
              <MessageBubble key={m.id} message={m} />
            ))}
          </ol>

          <WindowNotice window={data.window} />
          <DraftPanel
            conversationId={conversationId}
            draft={data.draft}
            windowOpen={data.window.open}
            drafting={data.drafting}
            customerName={data.conversation.displayName}
          />
          {/* With the window closed the reply box is a template picker (the disabled composer says why). */}
          {data.window.open ? null : <TemplatePicker conversationId={conversationId} />}
          <Composer conversationId={conversationId} windowOpen={data.window.open} />
          {data.window.open ? <AttachmentComposer conversationId={conversationId} /> : null}
          <div ref={bottomRef} className="h-px" />
        </div>
      </div>
    </div>
  );
}

function SignalPanel({ signal }: { signal: ThreadData["signal"] }) {
  return (
    <section
      aria-label="Who is writing"
      data-testid="signal-panel"
      className="rounded-xl border border-slate-200 bg-white px-3 py-2.5"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Who is writing</h2>
        {signal ? <SignalBadge signal={signal} /> : null}
      </div>
      {/* CM-2.4: read-only. No button here links, merges or creates a customer. */}
      <p className="mt-1 text-sm text-slate-700" data-testid="signal-reason">
        {signal ? signal.reason : "Your customers could not be checked just now."}
      </p>
      {signal?.hint ? <p className="mt-1 text-xs text-slate-500">{signal.hint}</p> : null}
    </section>
  );
}

function WindowNotice({ window: w }: { window: ThreadData["window"] }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const msLeft = w.closesAt ? Math.max(0, new Date(w.closesAt).getTime() - now) : 0;
  const open = w.open && msLeft > 0;
  return (
    <p
      data-testid="window-notice"
      className={cx(
        "rounded-xl px-3 py-2 text-sm",
        open
          ? msLeft < 2 * 3_600_000
            ? "bg-amber-50 text-amber-900"
            : "bg-emerald-50 text-emerald-900"
          : "bg-slate-200/70 text-slate-800",
      )}
    >
      {open ? (
        <>
          Reply window: <strong>{formatDuration(msLeft)} left</strong> to answer freely (WhatsApp allows free-form
          replies for 24 h after the customer&apos;s last message).
        </>
      ) : (
        <>
          <strong>The 24-hour reply window is closed:</strong> free-form replies are not allowed. WhatsApp only accepts
          a template message until the customer writes again.
        </>
      )}
    </p>
  );
}
