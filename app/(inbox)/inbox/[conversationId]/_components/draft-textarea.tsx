"use client";
import type { Ref } from "react";

/** The draft's text box (id `draft-text`, for its label); it grows with the text up to ten rows. */
export function DraftTextarea({
  ref,
  value,
  onChange,
}: {
  ref: Ref<HTMLTextAreaElement>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <textarea
      id="draft-text"
      ref={ref}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      rows={Math.min(10, Math.max(3, Math.ceil(value.length / 60)))}
      maxLength={4096}
      className="block w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-[15px] leading-snug focus:border-brand-500 focus:outline-none"
    />
  );
}
