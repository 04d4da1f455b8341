"use client";

import { useState } from "react";
import { INTENT_LABEL, LANGUAGE_LABEL } from "@/components/labels";
import type { ThreadDraft } from "@/db/queries/threads";
import { useKeptDraftEdit } from "@/components/kept-draft-edit";
import { DraftHistory } from "./draft-history";
import { DraftOutcomeNote } from "./draft-outcome-note";
import { DraftReviewActions } from "./draft-review-actions";
import { DraftStateChip } from "./draft-state-chip";
import { DraftTextarea } from "./draft-textarea";
import { DraftWhy } from "./draft-why";
import { HeldDraftPanel } from "./held-draft-panel";
import { RejectForm } from "./reject-form";
import { useDraftActions } from "./use-draft-actions";
import { useDraftEdit } from "./use-draft-edit";
import { useDraftShortcuts } from "./use-draft-shortcuts";
import { WroteAfterEditNotice } from "./wrote-after-edit-notice";

const REVIEWABLE = new Set(["proposed", "edited", "approved", "send_failed"]);

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
  const edit = useDraftEdit(draft);
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState("");
  const { armed, textareaRef, approveRef } = useDraftShortcuts();
  const { send, pending, outcome } = useDraftActions({
    conversationId,
    onAccepted: () => {
      kept.clear();
      edit.settle();
      setRejecting(false);
    },
  });

  const reviewable = draft ? REVIEWABLE.has(draft.state) && (draft.editedText ?? draft.proposedText) !== null : false;
  // An edit in progress is kept in this browser under the draft it was typed for (never a newer one's id),
  // and saved back to that draft when the connection returns; text held beside a newer proposal waits for
  // the instructor's choice instead.
  const kept = useKeptDraftEdit({
    draftId: edit.textDraftId,
    enabled: reviewable,
    text: edit.text,
    dirty: edit.dirty,
    restore: edit.restore,
    save: (keptText) => {
      if (!draft || edit.textDraftId !== draft.id) return;
      send({ url: `/api/drafts/${draft.id}`, method: "PATCH", body: { text: keptText } });
    },
  });
  const { text } = edit;
  const canApprove = reviewable && !edit.heldForOlder && windowOpen && text.trim() !== "" && !pending && kept.online;
  const who = customerName?.trim() || "The customer";

  if (edit.heldForOlder && draft) {
    return (
      <HeldDraftPanel
        draft={draft}
        drafting={drafting}
        text={text}
        onTextChange={edit.typeHeld}
        textareaRef={textareaRef}
        canKeep={
          (REVIEWABLE.has(draft.state) || draft.state === "not_drafted") &&
          !pending &&
          text.trim() !== "" &&
          kept.online
        }
        onKeep={() => {
          edit.moveToNewest();
          // No proposal to edit: save the text as this turn's draft right away (the instructor's click).
          if (!REVIEWABLE.has(draft.state)) send({ url: `/api/drafts/${draft.id}`, method: "PATCH", body: { text } });
        }}
        onUseNewProposal={() => {
          kept.clear(); // the held text is dropped by the instructor's choice: do not bring it back
          edit.dropHeld();
        }}
      />
    );
  }

  if (!draft) {
    return (
      <section
        aria-label="Draft"
        data-testid="draft-panel"
        data-drafting={drafting ? "true" : "false"}
        className="rounded-xl border border-dashed border-slate-300 bg-white px-3 py-3 text-sm text-slate-600"
      >
        {drafting
          ? "Preparing a draft…"
          : "No draft for this conversation yet. Drafts are prepared for text messages; you can always write a reply below."}
      </section>
    );
  }

  const meta = [
    draft.intent ? (INTENT_LABEL[draft.intent] ?? draft.intent) : null,
    draft.language ? (LANGUAGE_LABEL[draft.language] ?? draft.language) : null,
    draft.confidence !== null ? `confidence ${draft.confidence.toFixed(2)}` : null,
  ].filter(Boolean);

  return (
    <section
      aria-label="Draft"
      data-testid="draft-panel"
      data-state={draft.state}
      data-draft-id={draft.id}
      data-drafting={drafting ? "true" : "false"}
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-slate-100 px-3 py-2">
        <h2 className="text-sm font-semibold">Draft reply</h2>
        <DraftStateChip state={draft.state} />
        {meta.length > 0 ? <span className="text-xs text-slate-500">{meta.join(" · ")}</span> : null}
      </div>
      <div className="space-y-2 px-3 py-3">
        {draft.reason ? (
          <p className="text-xs text-slate-500" data-testid="draft-reason">
            Policy: {draft.reason}
          </p>
        ) : null}
        <DraftWhy why={draft.why} />

        {(draft.state === "edited" || draft.state === "approved" || edit.dirty) && draft.customerWroteAfter ? (
          <WroteAfterEditNotice
            who={who}
            drafting={drafting}
            disabled={pending || drafting}
            onFreshProposal={() =>
              send({ url: `/api/conversations/${conversationId}/draft`, method: "POST", body: {} })
            }
          />
        ) : null}
        {draft.state === "pending" ? <p className="text-sm text-slate-600">Preparing a draft…</p> : null}
        {draft.state === "failed" ? (
          <p className="text-sm text-amber-800">
            Preparing the draft failed{draft.error ? ` (${draft.error})` : ""}. It is retried automatically; you can
            reply yourself below meanwhile.
          </p>
        ) : null}
        {draft.state === "not_drafted" ? (
          <p className="text-sm text-slate-700" data-testid="no-draft-reason">
            <strong>No draft was made</strong>
            {draft.decision === "handoff" ? ": this one is for you to answer" : ""}.{" "}
            {draft.reason ? `Why: ${draft.reason}.` : ""}
          </p>
        ) : null}

        {reviewable ? (
          <>
            <label htmlFor="draft-text" className="sr-only">
              Draft text
            </label>
            <DraftTextarea ref={textareaRef} value={text} onChange={edit.type} />
            {!kept.online ? (
              <p
                role="status"
                data-testid="offline-edit-note"
                className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
              >
                You are offline. Nothing is sent offline; your edit is kept on this device and saved when the connection
                returns.
              </p>
            ) : null}
            {!windowOpen ? (
              <p className="text-sm text-slate-700">
                Approving is not possible: the 24-hour reply window is closed, so free-form replies are not allowed.
              </p>
            ) : null}
            {rejecting ? (
              <RejectForm
                reason={rejectReason}
                onReasonChange={setRejectReason}
                pending={pending}
                onReject={() =>
                  send({
                    url: `/api/drafts/${draft.id}/reject`,
                    method: "POST",
                    body: { reason: rejectReason.trim() || null },
                  })
                }
                onCancel={() => setRejecting(false)}
              />
            ) : (
              <DraftReviewActions
                approveRef={approveRef}
                armed={armed}
                pending={pending}
                canApprove={canApprove}
                canSave={edit.dirty && !pending && text.trim() !== "" && kept.online}
                onApprove={() => send({ url: `/api/drafts/${draft.id}/approve`, method: "POST", body: { text } })}
                onSave={() => send({ url: `/api/drafts/${draft.id}`, method: "PATCH", body: { text } })}
                onReject={() => setRejecting(true)}
              />
            )}
          </>
        ) : draft.proposedText && draft.state !== "not_drafted" ? (
          <blockquote className="rounded-lg bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-700">
            {draft.editedText ?? draft.proposedText}
          </blockquote>
        ) : null}

        {draft.state === "rejected" ? (
          <p className="text-sm text-slate-600">
            Rejected{draft.rejectReason ? `: ${draft.rejectReason}` : ""}. Nothing was sent.
          </p>
        ) : null}
        {draft.state === "superseded" ? (
          <p className="text-sm text-slate-600">Replaced by a newer proposal for this conversation.</p>
        ) : null}
        {draft.state === "send_failed" ? (
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="draft-send-error">
            {draft.error ?? "Sending failed."}
          </p>
        ) : null}
        {draft.state === "unknown" ? (
          <p className="text-sm text-amber-800">
            It may or may not have been sent: the answer from WhatsApp was lost. It is not resent automatically; check
            the chat on your phone before replying again.
          </p>
        ) : null}

        <DraftOutcomeNote outcome={outcome} />
        <DraftHistory history={draft.history} />
      </div>
    </section>
  );
}
