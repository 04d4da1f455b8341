"use client";

import { INTENT_LABEL, LANGUAGE_LABEL } from "@/components/labels";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { cx } from "@/components/format";
import { DateTimeText } from "@/components/local-time";
import type { ThreadDraft } from "@/db/queries/threads";
import { useKeptDraftEdit } from "@/components/kept-draft-edit";
import { DraftWhy } from "./draft-why";


const ACTION_LABEL: Record<string, string> = {
  "draft.approved": "Approved",
  "draft.edited": "Edited",
  "draft.rejected": "Rejected",
  "message.sent": "Sent to WhatsApp",
  "message.send_failed": "Sending failed",
  "message.send_unknown": "Send outcome unknown",
};

const REVIEWABLE = new Set(["proposed", "edited", "approved", "send_failed"]);

type Outcome = { tone: "ok" | "warn" | "error"; text: string };

interface ApiResult {
  kind: string;
  message: string;
}

async function post(url: string, method: "POST" | "PATCH", body: unknown): Promise<ApiResult> {
  // Every answer carries a plain-words message, also the refusals (409, 422, 502): show it.
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json().catch(() => null)) as ApiResult | null;
  return json ?? { kind: "error", message: `Request failed (${response.status}).` };
}

function toneOf(kind: string): Outcome["tone"] {
  if (kind === "sent" || kind === "edited" || kind === "rejected" || kind === "already_submitted") return "ok";
  if (kind === "approved_not_sent" || kind === "unknown" || kind === "conflict") return "warn";
  return "error";
}

export function DraftPanel({
  conversationId,
  draft,
  windowOpen,
  drafting = false,
  customerName = null,
}: {
  conversationId: string;
  draft: ThreadDraft | null;
  windowOpen: boolean;
  drafting?: boolean;
  customerName?: string | null;
}) {
  const queryClient = useQueryClient();
  const storedText = draft ? (draft.editedText ?? draft.proposedText ?? "") : "";
  const [text, setText] = useState(storedText);
  // The draft the editor's text belongs to: unsaved text never moves to another draft by itself.
  const [textFor, setTextFor] = useState<string | null>(draft?.id ?? null);
  const [dirty, setDirty] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Approving from the keyboard takes two keys: `a` asks, Enter confirms (anything else cancels).
  const [armed, setArmed] = useState(false);
  const armedRef = useRef(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);

  // A polled update replaces the text only while the instructor has not started editing it.
  const [syncedFor, setSyncedFor] = useState(`${draft?.id}:${storedText}`);
  if (!dirty && syncedFor !== `${draft?.id}:${storedText}`) {
    setSyncedFor(`${draft?.id}:${storedText}`);
    setText(storedText);
    setTextFor(draft?.id ?? null);
  }
  // Unsaved text typed for a draft that has since been replaced: it stays with its own draft.
  const heldForOlder = dirty && !!draft && textFor !== null && textFor !== draft.id;

  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ["thread", conversationId] }), queryClient.invalidateQueries({ queryKey: ["conversations"] })]);
  const mutation = useMutation({
    mutationFn: ({ url, method, body }: { url: string; method: "POST" | "PATCH"; body: unknown }) => post(url, method, body),
    onSuccess: async (result) => {
      setOutcome({ tone: toneOf(result.kind), text: result.message });
      if (result.kind !== "invalid") {
        kept.clear();
        setDirty(false);
        setRejecting(false);
      }
      await refresh();
    },
    onError: (error) => setOutcome({ tone: "error", text: `${error.message}. Nothing changed; try again.` }),
  });

  const reviewable = draft ? REVIEWABLE.has(draft.state) && (draft.editedText ?? draft.proposedText) !== null : false;
  // An edit in progress is kept in this browser under the draft it was typed for (never a newer one's id),
  // and saved back to that draft when the connection returns; text held beside a newer proposal waits for
  // the instructor's choice instead.
  const textDraftId = textFor ?? draft?.id ?? null;
  const kept = useKeptDraftEdit({
    draftId: textDraftId,
    enabled: reviewable,
    text,
    dirty,
    restore: (keptText) => {
      setText(keptText);
      setDirty(true);
    },
    save: (keptText) => {
      if (!draft || textDraftId !== draft.id) return;
      mutation.mutate({ url: `/api/drafts/${draft.id}`, method: "PATCH", body: { text: keptText } });
    },
  });
  const canApprove = reviewable && !heldForOlder && windowOpen && text.trim() !== "" && !mutation.isPending && kept.online;

  // Keyboard: e edits the draft; a asks to approve, Enter confirms (not while typing).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      if (armedRef.current) {
        event.preventDefault();
        armedRef.current = false;
        setArmed(false);
        if (event.key === "Enter" && approveRef.current && !approveRef.current.disabled) approveRef.current.click();
        return;
      }
      if (event.key === "e" && textareaRef.current) {
        event.preventDefault();
        textareaRef.current.focus();
      } else if (event.key === "a" && approveRef.current && !approveRef.current.disabled) {
        event.preventDefault();
        armedRef.current = true;
        setArmed(true);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const freshProposal = () => mutation.mutate({ url: `/api/conversations/${conversationId}/draft`, method: "POST", body: {} });
  const who = customerName?.trim() || "The customer";

  if (heldForOlder && draft) {
    return (
      <section aria-label="Draft" data-testid="draft-panel" data-state="held" data-draft-id={draft.id} data-drafting={drafting ? "true" : "false"} className="rounded-xl border border-amber-300 bg-white shadow-sm">
        <div className="border-b border-amber-100 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status" data-testid="new-proposal-notice">
          A new proposal arrived while you were editing. Your unsaved text is kept with the earlier draft; nothing was sent.
        </div>
        <div className="grid gap-3 px-3 py-3 md:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="draft-text" className="block text-xs font-medium text-slate-600">
              Your unsaved text
            </label>
            <textarea
              id="draft-text"
              ref={textareaRef}
              value={text}
              onChange={(event) => setText(event.target.value)}
              rows={Math.min(10, Math.max(3, Math.ceil(text.length / 60)))}
              maxLength={4096}
              className="block w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-[15px] leading-snug focus:border-brand-500 focus:outline-none"
            />
          </div>
          <div className="space-y-1">
            <p className="text-xs font-medium text-slate-600">New proposal</p>
            {draft.proposedText && draft.state !== "not_drafted" ? (
              <blockquote data-testid="new-proposal" className="rounded-lg bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-700">
                {draft.editedText ?? draft.proposedText}
              </blockquote>
            ) : (
              <p data-testid="new-proposal" className="text-sm text-slate-600">
                No draft was made for the new messages{draft.reason ? ` (${draft.reason})` : ""}.
              </p>
            )}
          </div>
        </div>
        <div className="flex flex-wrap gap-2 px-3 pb-3">
          <button
            type="button"
            disabled={!(REVIEWABLE.has(draft.state) || draft.state === "not_drafted") || mutation.isPending || text.trim() === "" || !kept.online}
            onClick={() => {
              setTextFor(draft.id);
              // No proposal to edit: save the text as this turn's draft right away (the instructor's click).
              if (!REVIEWABLE.has(draft.state)) mutation.mutate({ url: `/api/drafts/${draft.id}`, method: "PATCH", body: { text } });
            }}
            className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
          >
            Keep my text for the new messages
          </button>
          <button
            type="button"
            onClick={() => {
              kept.clear(); // the held text is dropped by the instructor's choice: do not bring it back
              setDirty(false);
              setText(storedText);
              setTextFor(draft.id);
              setSyncedFor(`${draft.id}:${storedText}`);
            }}
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Use the new proposal
          </button>
        </div>
      </section>
    );
  }

  if (!draft) {
    return (
      <section aria-label="Draft" data-testid="draft-panel" data-drafting={drafting ? "true" : "false"} className="rounded-xl border border-dashed border-slate-300 bg-white px-3 py-3 text-sm text-slate-600">
        {drafting ? "Preparing a draft…" : "No draft for this conversation yet. Drafts are prepared for text messages; you can always write a reply below."}
      </section>
    );
  }

  const meta = [
    draft.intent ? INTENT_LABEL[draft.intent] ?? draft.intent : null,
    draft.language ? LANGUAGE_LABEL[draft.language] ?? draft.language : null,
    draft.confidence !== null ? `confidence ${draft.confidence.toFixed(2)}` : null,
  ].filter(Boolean);

  return (
    <section aria-label="Draft" data-testid="draft-panel" data-state={draft.state} data-draft-id={draft.id} data-drafting={drafting ? "true" : "false"} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-slate-100 px-3 py-2">
        <h2 className="text-sm font-semibold">Draft reply</h2>
        <StateChip state={draft.state} />
        {meta.length > 0 ? <span className="text-xs text-slate-500">{meta.join(" · ")}</span> : null}
      </div>
      <div className="space-y-2 px-3 py-3">
        {draft.reason ? (
          <p className="text-xs text-slate-500" data-testid="draft-reason">
            Policy: {draft.reason}
          </p>
        ) : null}
        <DraftWhy why={draft.why} />

        {(draft.state === "edited" || draft.state === "approved" || dirty) && draft.customerWroteAfter ? (
          <div role="status" data-testid="wrote-after-edit" className="flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <span>{who} wrote again after your edit. Your text stays as it is.</span>
            <button
              type="button"
              disabled={mutation.isPending || drafting}
              onClick={freshProposal}
              className="rounded-lg border border-amber-300 bg-white px-2 py-1 text-xs font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-60"
            >
              {drafting ? "Preparing a fresh proposal…" : "Make a fresh proposal"}
            </button>
          </div>
        ) : null}
        {draft.state === "pending" ? <p className="text-sm text-slate-600">Preparing a draft…</p> : null}
        {draft.state === "failed" ? (
          <p className="text-sm text-amber-800">Preparing the draft failed{draft.error ? ` (${draft.error})` : ""}. It is retried automatically; you can reply yourself below meanwhile.</p>
        ) : null}
        {draft.state === "not_drafted" ? (
          <p className="text-sm text-slate-700" data-testid="no-draft-reason">
            <strong>No draft was made</strong>
            {draft.decision === "handoff" ? ": this one is for you to answer" : ""}. {draft.reason ? `Why: ${draft.reason}.` : ""}
          </p>
        ) : null}

        {reviewable ? (
          <>
            <label htmlFor="draft-text" className="sr-only">
              Draft text
            </label>
            <textarea
              id="draft-text"
              ref={textareaRef}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                if (!dirty) setTextFor(draft.id);
                setDirty(true);
              }}
              rows={Math.min(10, Math.max(3, Math.ceil(text.length / 60)))}
              maxLength={4096}
              className="block w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-[15px] leading-snug focus:border-brand-500 focus:outline-none"
            />
            {!kept.online ? (
              <p role="status" data-testid="offline-edit-note" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
                You are offline. Nothing is sent offline; your edit is kept on this device and saved when the connection returns.
              </p>
            ) : null}
            {!windowOpen ? <p className="text-sm text-slate-700">Approving is not possible: the 24-hour reply window is closed, so free-form replies are not allowed.</p> : null}
            {rejecting ? (
              <form
                className="space-y-2 rounded-lg bg-slate-50 p-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  mutation.mutate({ url: `/api/drafts/${draft.id}/reject`, method: "POST", body: { reason: rejectReason.trim() || null } });
                }}
              >
                <label htmlFor="reject-reason" className="block text-sm font-medium text-slate-700">
                  Why reject? (optional)
                </label>
                <input
                  id="reject-reason"
                  value={rejectReason}
                  onChange={(event) => setRejectReason(event.target.value)}
                  maxLength={1000}
                  autoFocus
                  className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none"
                />
                <div className="flex gap-2">
                  <button type="submit" disabled={mutation.isPending} className="rounded-lg bg-rose-600 px-3 py-2 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-60">
                    Confirm reject
                  </button>
                  <button type="button" onClick={() => setRejecting(false)} className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-200">
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <div className="flex flex-wrap gap-2">
                <button
                  ref={approveRef}
                  type="button"
                  disabled={!canApprove}
                  onClick={() => mutation.mutate({ url: `/api/drafts/${draft.id}/approve`, method: "POST", body: { text } })}
                  className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
                  aria-keyshortcuts="a"
                >
                  {mutation.isPending ? "Working…" : "Approve & send"}
                </button>
                {armed ? (
                  <span role="alert" data-testid="approve-confirm" className="self-center text-sm font-medium text-brand-700">
                    Press Enter to send this reply on WhatsApp, any other key to cancel.
                  </span>
                ) : null}
                <button
                  type="button"
                  disabled={!dirty || mutation.isPending || text.trim() === "" || !kept.online}
                  onClick={() => mutation.mutate({ url: `/api/drafts/${draft.id}`, method: "PATCH", body: { text } })}
                  className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
                  aria-keyshortcuts="e"
                >
                  Save edit
                </button>
                <button
                  type="button"
                  disabled={mutation.isPending}
                  onClick={() => setRejecting(true)}
                  className="rounded-lg px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50"
                >
                  Reject
                </button>
              </div>
            )}
          </>
        ) : draft.proposedText && draft.state !== "not_drafted" ? (
          <blockquote className="rounded-lg bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-700">{draft.editedText ?? draft.proposedText}</blockquote>
        ) : null}

        {draft.state === "rejected" ? <p className="text-sm text-slate-600">Rejected{draft.rejectReason ? `: ${draft.rejectReason}` : ""}. Nothing was sent.</p> : null}
        {draft.state === "superseded" ? <p className="text-sm text-slate-600">Replaced by a newer proposal for this conversation.</p> : null}
        {draft.state === "send_failed" ? (
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="draft-send-error">
            {draft.error ?? "Sending failed."}
          </p>
        ) : null}
        {draft.state === "unknown" ? (
          <p className="text-sm text-amber-800">It may or may not have been sent: the answer from WhatsApp was lost. It is not resent automatically; check the chat on your phone before replying again.</p>
        ) : null}

        {outcome ? (
          <p
            role="status"
            data-testid="draft-outcome"
            className={cx("rounded-lg px-3 py-2 text-sm", outcome.tone === "ok" ? "bg-emerald-50 text-emerald-800" : outcome.tone === "warn" ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-800")}
          >
            {outcome.text}
          </p>
        ) : null}

        {draft.history.length > 0 ? (
          <ol className="space-y-0.5 border-t border-slate-100 pt-2 text-xs text-slate-500" aria-label="Draft history" data-testid="draft-history">
            {draft.history.map((event, index) => (
              <li key={index}>
                <span className="font-medium text-slate-700">{ACTION_LABEL[event.action] ?? event.action}</span>
                {event.actorName ? ` by ${event.actorName}` : ""} · <DateTimeText iso={event.at} />
                {event.action === "draft.rejected" && typeof event.data?.reason === "string" ? ` · “${event.data.reason}”` : ""}
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    </section>
  );
}

function StateChip({ state }: { state: ThreadDraft["state"] }) {
  const label: Record<ThreadDraft["state"], string> = {
    pending: "Preparing",
    failed: "Preparing failed",
    not_drafted: "No draft",
    proposed: "Ready for review",
    edited: "Edited",
    approved: "Approved",
    sending: "Sending",
    sent: "Sent",
    send_failed: "Send failed",
    unknown: "Outcome unknown",
    rejected: "Rejected",
    superseded: "Superseded",
  };
  const tone =
    state === "proposed" || state === "edited"
      ? "bg-brand-50 text-brand-700"
      : state === "sent" || state === "approved"
        ? "bg-emerald-50 text-emerald-700"
        : state === "send_failed" || state === "unknown" || state === "failed"
          ? "bg-rose-50 text-rose-700"
          : "bg-slate-100 text-slate-600";
  return (
    <span data-testid="draft-state" className={cx("rounded-full px-2 py-0.5 text-xs font-medium", tone)}>
      {label[state]}
    </span>
  );
}
