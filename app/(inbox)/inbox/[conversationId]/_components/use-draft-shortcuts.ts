"use client";
/**
 * Keyboard: e edits the draft; approving takes two keys, a asks and Enter confirms (any other key
 * cancels), so a stray key press never sends on WhatsApp. Not while typing in a field.
 */
import { useEffect, useRef, useState } from "react";

export function useDraftShortcuts() {
  const [armed, setArmed] = useState(false);
  const armedRef = useRef(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);

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

  return { armed, textareaRef, approveRef };
}
