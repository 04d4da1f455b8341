"use client";

import { useState } from "react";
import { cx } from "@/components/format";
import { fetchResult } from "@/components/fetch-json";
import { useSendOnce, type SendOnceResult } from "./use-send-once";

/** A manual reply. One idempotency key per composed message: a double submit or a retry sends once. */
export function Composer({ conversationId, windowOpen }: { conversationId: string; windowOpen: boolean }) {
  const [body, setBody] = useState("");
  const { mutation, submit, outcome } = useSendOnce({
    conversationId,
    send: (idempotencyKey) =>
      fetchResult<SendOnceResult>(`/api/conversations/${conversationId}/reply`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body, idempotencyKey }),
      }),
    onStored: () => setBody(""),
  });

  return (
    <form
      aria-label="Reply"
      className="rounded-xl border border-slate-200 bg-white p-2 shadow-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (body.trim() && !mutation.isPending) submit();
      }}
    >
      <label htmlFor="composer" className="sr-only">
        Write a reply
      </label>
      <textarea
        id="composer"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
        }}
        disabled={!windowOpen}
        rows={2}
        maxLength={4096}
        placeholder={
          windowOpen
            ? "Write a reply… (Ctrl+Enter sends)"
            : "Free-form replies are not allowed: the 24-hour window is closed."
        }
        className="block w-full resize-y rounded-lg border-0 px-2 py-1.5 text-base focus:outline-none disabled:bg-slate-50 disabled:text-slate-500"
      />
      <div className="flex items-center justify-between gap-2 pt-1">
        {outcome ? (
          <p
            role="status"
            data-testid="composer-outcome"
            className={cx("min-w-0 flex-1 text-sm", outcome.ok ? "text-emerald-700" : "text-amber-800")}
          >
            {outcome.text}
          </p>
        ) : (
          <span className="flex-1" />
        )}
        <button
          type="submit"
          disabled={!windowOpen || !body.trim() || mutation.isPending}
          className="shrink-0 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {mutation.isPending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
