"use client";
/**
 * The editor's text and which draft it belongs to. A polled update replaces the text only while the
 * instructor has not started editing; unsaved text never moves to another draft by itself.
 */
import { useState } from "react";
import type { ThreadDraft } from "@/db/queries/threads";

export function useDraftEdit(draft: ThreadDraft | null) {
  const storedText = draft ? (draft.editedText ?? draft.proposedText ?? "") : "";
  const [text, setText] = useState(storedText);
  // The draft the editor's text belongs to.
  const [textFor, setTextFor] = useState<string | null>(draft?.id ?? null);
  const [dirty, setDirty] = useState(false);

  const [syncedFor, setSyncedFor] = useState(`${draft?.id}:${storedText}`);
  if (!dirty && syncedFor !== `${draft?.id}:${storedText}`) {
    setSyncedFor(`${draft?.id}:${storedText}`);
    setText(storedText);
    setTextFor(draft?.id ?? null);
  }
  // Unsaved text typed for a draft that has since been replaced: it stays with its own draft.
  const heldForOlder = dirty && !!draft && textFor !== null && textFor !== draft.id;

  return {
    text,
    dirty,
    heldForOlder,
    /** The draft the text is kept under in this browser: the one it was typed for, never a newer one. */
    textDraftId: textFor ?? draft?.id ?? null,
    /** The instructor types in the current draft's editor. */
    type(value: string) {
      setText(value);
      if (!dirty && draft) setTextFor(draft.id);
      setDirty(true);
    },
    /** Typing in the held text (beside a newer proposal): it stays with its own draft. */
    typeHeld: setText,
    /** A kept edit comes back into the editor. */
    restore(keptText: string) {
      setText(keptText);
      setDirty(true);
    },
    /** The held text becomes the newest draft's text. */
    moveToNewest() {
      if (draft) setTextFor(draft.id);
    },
    /** The held text is dropped for the newest proposal. */
    dropHeld() {
      if (!draft) return;
      setDirty(false);
      setText(storedText);
      setTextFor(draft.id);
      setSyncedFor(`${draft.id}:${storedText}`);
    },
    /** The server took the text: the next polled update may replace it again. */
    settle() {
      setDirty(false);
    },
  };
}
