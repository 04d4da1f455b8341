"use client";
import type { Ref } from "react";
import type { ThreadDraft } from "@/db/queries/threads";
import { DraftTextarea } from "./draft-textarea";

/**
 * A new proposal arrived while the instructor was editing: their unsaved text and the new proposal side
 * by side, and the instructor chooses; nothing moves or is sent by itself.
 */
export function HeldDraftPanel({
  draft,
  drafting,
  text,
  onTextChange,
  textareaRef,
  canKeep,
  onKeep,
  onUseNewProposal,
}: {
  draft: ThreadDraft;
  drafting: boolean;
  text: string;
  onTextChange: (value: string) => void;
  textareaRef: Ref<HTMLTextAreaElement>;
  canKeep: boolean;
  onKeep: () => void;
  onUseNewProposal: () => void;
}) {
  return (
    <section
      aria-label="Draft"
      data-testid="draft-panel"
      data-state="held"
      data-draft-id={draft.id}
      data-drafting={drafting ? "true" : "false"}
      className="rounded-xl border border-amber-300 bg-white shadow-sm"
    >
      <div
        className="border-b border-amber-100 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        role="status"
        data-testid="new-proposal-notice"
      >
        A new proposal arrived while you were editing. Your unsaved text is kept with the earlier draft; nothing was
        sent.
      </div>
      <div className="grid gap-3 px-3 py-3 md:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="draft-text" className="block text-xs font-medium text-slate-600">
            Your unsaved text
          </label>
          <DraftTextarea ref={textareaRef} value={text} onChange={onTextChange} />
        </div>
        <div className="space-y-1">
          <p className="text-xs font-medium text-slate-600">New proposal</p>
          {draft.proposedText && draft.state !== "not_drafted" ? (
            <blockquote
              data-testid="new-proposal"
              className="rounded-lg bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-700"
            >
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
          disabled={!canKeep}
          onClick={onKeep}
          className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Keep my text for the new messages
        </button>
        <button
          type="button"
          onClick={onUseNewProposal}
          className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
        >
          Use the new proposal
        </button>
      </div>
    </section>
  );
}
