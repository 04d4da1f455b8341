"use client";

import { useRef, useState } from "react";
import { cx } from "@/components/format";
import { formatBytes, outboundAttachmentKind } from "@/lib/whatsapp/media-policy";
import { fetchResult } from "@/components/fetch-json";
import { useSendOnce, type SendOnceResult } from "./use-send-once";

const ACCEPT = "image/jpeg,image/png,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx";
// The route refuses requests over 10 MB (the request proxy's buffer).
const MAX_BYTES = 10 * 1024 * 1024 - 64 * 1024;

/** Attach a photo or a document to a reply (window open only). One idempotency key per attached file. */
export function AttachmentComposer({ conversationId }: { conversationId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState("");

  const problem = !file
    ? null
    : !outboundAttachmentKind(file.type)
      ? "Only JPEG or PNG photos and PDF, Word, Excel, PowerPoint or text documents can be attached."
      : file.size > MAX_BYTES
        ? "The file is too large to attach here (at most 10 MB)."
        : null;

  const { mutation, submit, outcome, startOver } = useSendOnce({
    conversationId,
    send: (idempotencyKey) => {
      const form = new FormData();
      form.set("file", file!);
      if (caption.trim()) form.set("caption", caption.trim());
      form.set("idempotencyKey", idempotencyKey);
      return fetchResult<SendOnceResult>(`/api/conversations/${conversationId}/media`, { method: "POST", body: form });
    },
    onStored: () => {
      setFile(null);
      setCaption("");
      if (input.current) input.current.value = "";
    },
  });

  return (
    <form
      aria-label="Attach a file"
      className="flex flex-wrap items-center gap-2 rounded-xl border border-dashed border-slate-300 bg-white px-2 py-1.5 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (file && !problem && !mutation.isPending) submit();
      }}
    >
      <label className="cursor-pointer rounded-lg px-2 py-1 font-medium text-brand-700 hover:bg-brand-50">
        📎 {file ? "Change file" : "Attach a photo or document"}
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          data-testid="attachment-input"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            startOver();
          }}
        />
      </label>
      {file ? (
        <>
          <span className="min-w-0 truncate text-slate-700">
            {file.name} · {formatBytes(file.size)}
          </span>
          <input
            value={caption}
            onChange={(e) => setCaption(e.target.value)}
            maxLength={1024}
            placeholder="Caption (optional)"
            aria-label="Caption"
            className="min-w-0 flex-1 rounded-lg border border-slate-300 px-2 py-1 text-base"
          />
          <button
            type="submit"
            disabled={!!problem || mutation.isPending}
            className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
          >
            {mutation.isPending ? "Sending…" : "Send file"}
          </button>
        </>
      ) : null}
      {outcome || problem ? (
        <p
          role="status"
          data-testid="attachment-outcome"
          className={cx("w-full text-sm", outcome?.ok ? "text-emerald-700" : "text-amber-800")}
        >
          {problem ?? outcome?.text}
        </p>
      ) : null}
    </form>
  );
}
