"use client";
/**
 * An edit in progress survives a lost connection: while the instructor types, the text is kept in
 * this browser (localStorage, per draft); reopening the draft brings it back, and when the connection
 * returns it is saved to the server as an edit. Nothing is ever approved or sent from here.
 */
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";

const key = (draftId: string) => `inbox:draft-edit:${draftId}`;

function subscribeOnline(callback: () => void) {
  window.addEventListener("online", callback);
  window.addEventListener("offline", callback);
  return () => {
    window.removeEventListener("online", callback);
    window.removeEventListener("offline", callback);
  };
}

/** Whether the browser believes it is online (true during server rendering). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

export function readKeptEdit(draftId: string): string | null {
  try {
    return window.localStorage.getItem(key(draftId));
  } catch {
    return null;
  }
}

export function useKeptDraftEdit({
  draftId,
  enabled,
  text,
  dirty,
  restore,
  save,
}: {
  draftId: string | null;
  /** Only a draft that can still be edited keeps or restores text. */
  enabled: boolean;
  text: string;
  dirty: boolean;
  /** Put a kept edit back into the editor. */
  restore: (text: string) => void;
  /** Save the kept edit to the server (an edit, never an approval). */
  save: (text: string) => void;
}): { online: boolean; clear: () => void } {
  const online = useOnline();
  const restoreRef = useRef(restore);
  const saveRef = useRef(save);
  useEffect(() => {
    restoreRef.current = restore;
    saveRef.current = save;
  });

  // Reopening the draft: bring back what was typed, and save it now if we are online.
  useEffect(() => {
    if (!draftId || !enabled) return;
    const kept = readKeptEdit(draftId);
    if (kept === null) return;
    restoreRef.current(kept);
    if (navigator.onLine) saveRef.current(kept);
  }, [draftId, enabled]);

  useEffect(() => {
    if (!draftId || !enabled || !dirty) return;
    try {
      window.localStorage.setItem(key(draftId), text);
    } catch {
      // storage full or disabled: the edit stays in the editor only
    }
  }, [draftId, enabled, dirty, text]);

  // The connection is back: save what was kept.
  useEffect(() => {
    if (!draftId || !enabled) return;
    const onOnline = () => {
      const kept = readKeptEdit(draftId);
      if (kept !== null) saveRef.current(kept);
    };
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [draftId, enabled]);

  const clear = useCallback(() => {
    if (!draftId) return;
    try {
      window.localStorage.removeItem(key(draftId));
    } catch {
      // nothing kept
    }
  }, [draftId]);

  return { online, clear };
}
