"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { cx } from "@/components/format";
import { fetchJson } from "@/components/fetch-json";
import type { PickerTemplate } from "@/db/templates/whatsapp-templates";
import { renderTemplate, validateTemplateValues } from "@/lib/whatsapp/message-templates";
import { WhatsAppText } from "./whatsapp-text";
import { fetchResult } from "@/components/fetch-json";
import { useSendOnce, type SendOnceResult } from "./use-send-once";

/**
 * The reply box when the 24 h window is closed: WhatsApp accepts only an approved template. Pick one
 * (customer's language first), edit the prefilled values, check the preview, send. One idempotency key
 * per composed message, so a double click or a retried request sends once.
 */
export function TemplatePicker({ conversationId }: { conversationId: string }) {
  const list = useQuery({
    queryKey: ["templates", conversationId],
    queryFn: () =>
      fetchJson<{
        customerLanguage: string | null;
        templates: PickerTemplate[];
        suggestion: { templateId: string; values: Record<string, string>; reason: string } | null;
      }>(`/api/conversations/${conversationId}/templates`),
    // A late message's proposal appears once its draft result exists; then the list stays put.
    refetchInterval: (query) => (query.state.data?.suggestion ? false : 5_000),
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [edited, setEdited] = useState<Record<string, Record<string, string>>>({});

  const templates = list.data?.templates ?? [];
  const suggestion = list.data?.suggestion ?? null;
  const selected = templates.find((t) => t.id === (selectedId ?? suggestion?.templateId)) ?? templates[0] ?? null;
  const values = useMemo(
    () =>
      selected
        ? {
            ...selected.prefill,
            ...(suggestion?.templateId === selected.id ? suggestion.values : {}),
            ...edited[selected.id],
          }
        : {},
    [selected, edited, suggestion],
  );
  const like = selected
    ? {
        name: selected.name,
        language: selected.language,
        parameterFormat: selected.parameterFormat,
        components: selected.components,
      }
    : null;
  const preview = like ? renderTemplate(like, values) : null;
  const problem = like
    ? selected?.unsupportedHeader
      ? `This template needs a ${selected.unsupportedHeader.toLowerCase()} header, which cannot be attached from here.`
      : validateTemplateValues(like, values)
    : null;

  const { mutation, submit, outcome, setOutcome, startOver } = useSendOnce({
    conversationId,
    send: (idempotencyKey) =>
      fetchResult<SendOnceResult>(`/api/conversations/${conversationId}/template`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ templateId: selected!.id, values, idempotencyKey }),
      }),
  });

  if (list.isPending)
    return <p className="rounded-xl border border-slate-200 bg-white p-3 text-sm text-slate-500">Loading templates…</p>;
  if (list.isError)
    return (
      <p role="alert" className="rounded-xl border border-slate-200 bg-white p-3 text-sm text-red-700">
        Templates could not be loaded. {list.error.message}
      </p>
    );
  if (!selected || !preview) {
    return (
      <p
        data-testid="template-picker-empty"
        className="rounded-xl border border-slate-200 bg-white p-3 text-sm text-slate-700"
      >
        No approved WhatsApp templates yet. Add your WhatsApp Business Account id and press “Refresh templates” in{" "}
        <Link href="/settings" className="font-medium text-brand-700 underline">
          Settings
        </Link>
        .
      </p>
    );
  }

  const inLanguage = templates.filter((t) => t.matchesCustomerLanguage);
  const others = templates.filter((t) => !t.matchesCustomerLanguage);
  const option = (t: PickerTemplate) => (
    <option key={t.id} value={t.id}>
      {t.name} · {t.language} · {t.category.toLowerCase()}
    </option>
  );

  return (
    <form
      aria-label="Template reply"
      data-testid="template-picker"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem && !mutation.isPending) submit();
      }}
    >
      {suggestion && selected.id === suggestion.templateId ? (
        <p className="rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="template-suggestion">
          <span className="font-medium">Proposed:</span> {suggestion.reason} Check the values, then send, or pick
          another.
        </p>
      ) : null}
      <div>
        <label htmlFor="template-select" className="text-sm font-medium text-slate-700">
          Send an approved template
        </label>
        <select
          id="template-select"
          value={selected.id}
          onChange={(e) => {
            setSelectedId(e.target.value);
            startOver();
          }}
          className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base"
        >
          {inLanguage.length > 0 ? (
            <optgroup label="In the customer's language">{inLanguage.map(option)}</optgroup>
          ) : null}
          {others.length > 0 ? (
            <optgroup label={inLanguage.length > 0 ? "Other languages" : "Templates"}>{others.map(option)}</optgroup>
          ) : null}
        </select>
      </div>

      {selected.variables.length > 0 ? (
        <fieldset className="grid gap-2 sm:grid-cols-2">
          <legend className="sr-only">Template values</legend>
          {selected.variables.map((v) => (
            <label key={v.id} className="text-sm text-slate-700">
              <span className="font-mono text-xs text-slate-500">{`{{${v.key}}}`}</span>
              {v.component === "header" ? <span className="text-xs text-slate-500"> (header)</span> : null}
              <input
                aria-label={`Value ${v.key}${v.component === "header" ? " (header)" : ""}`}
                value={values[v.id] ?? ""}
                maxLength={1024}
                onChange={(e) => {
                  setEdited((current) => ({
                    ...current,
                    [selected.id]: { ...current[selected.id], [v.id]: e.target.value },
                  }));
                  setOutcome(null);
                }}
                className="mt-0.5 block w-full rounded-lg border border-slate-300 px-2 py-1.5 text-base"
              />
            </label>
          ))}
        </fieldset>
      ) : null}

      <div>
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Preview</p>
        <div
          className="mt-1 rounded-xl bg-[#e7ffdb] p-3 text-[15px] leading-snug text-slate-900 shadow-sm"
          data-testid="template-preview"
        >
          {preview.headerMedia ? (
            <p className="mb-1 rounded bg-black/10 px-2 py-6 text-center text-xs">
              [{preview.headerMedia.toLowerCase()}]
            </p>
          ) : null}
          {preview.header ? (
            <p className="mb-1 font-bold">
              <WhatsAppText text={preview.header} />
            </p>
          ) : null}
          <p className="whitespace-pre-wrap break-words">
            <WhatsAppText text={preview.body} />
          </p>
          {preview.footer ? <p className="mt-1 text-xs text-slate-500">{preview.footer}</p> : null}
          {preview.buttons.length > 0 ? (
            <div className="mt-2 divide-y divide-black/10 border-t border-black/10 text-center text-sm font-medium text-sky-700">
              {preview.buttons.map((b, i) => (
                <p key={i} className="py-1">
                  {b}
                </p>
              ))}
            </div>
          ) : null}
        </div>
      </div>

      <div className="flex items-center justify-between gap-2">
        {outcome || problem ? (
          <p
            role="status"
            data-testid="template-outcome"
            className={cx("min-w-0 flex-1 text-sm", outcome?.ok ? "text-emerald-700" : "text-amber-800")}
          >
            {outcome?.text ?? problem}
          </p>
        ) : (
          <span className="flex-1" />
        )}
        <button
          type="submit"
          disabled={!!problem || mutation.isPending}
          className="shrink-0 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {mutation.isPending ? "Sending…" : "Send template"}
        </button>
      </div>
    </form>
  );
}
