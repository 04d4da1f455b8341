"use client";

import { useState, type FormEvent } from "react";
import type { TemplateSettings } from "@/db/templates/whatsapp-templates";
import { useTimeSettings } from "@/components/local-time";
import { formatDateTime } from "@/lib/format/date-time";
import { FormStatus } from "./form-status";

const input =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-500 focus:outline-none";

/** The WhatsApp Business Account id (whose approved templates are offered when the 24 h window is closed) and a refresh button. */
export function WhatsappTemplatesSettings({ initial }: { initial: TemplateSettings }) {
  const timeSettings = useTimeSettings();
  const [settings, setSettings] = useState(initial);
  const [accountId, setAccountId] = useState(initial.businessAccountId ?? "");
  const [pending, setPending] = useState<"save" | "refresh" | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function reload() {
    const response = await fetch("/api/settings/whatsapp-templates");
    if (response.ok) setSettings((await response.json()) as TemplateSettings);
  }

  async function call(kind: "save" | "refresh", request: () => Promise<Response>) {
    if (pending) return;
    setPending(kind);
    setMessage(null);
    try {
      const response = await request();
      const result = (await response.json().catch(() => null)) as { message?: string } | null;
      setMessage({ ok: response.ok, text: result?.message ?? `Request failed (${response.status}).` });
      await reload();
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Nothing changed; try again." });
    } finally {
      setPending(null);
    }
  }

  function onSave(event: FormEvent) {
    event.preventDefault();
    void call("save", () =>
      fetch("/api/settings/whatsapp-templates", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ businessAccountId: accountId }),
      }),
    );
  }

  return (
    <section aria-labelledby="wa-templates" className="mx-auto mt-4 w-full max-w-2xl px-3 pb-6 sm:px-4">
      <form onSubmit={onSave} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="wa-templates" className="font-semibold">
          WhatsApp templates
        </h2>
        <p className="text-sm text-slate-600">
          When a customer last wrote more than 24 hours ago, WhatsApp only accepts approved templates. Enter your
          WhatsApp Business Account id to offer them in the reply box.
        </p>
        <div>
          <label htmlFor="waba-id" className="text-sm font-medium text-slate-700">
            WhatsApp Business Account id
          </label>
          <div className="flex flex-wrap gap-2">
            <input
              id="waba-id"
              inputMode="numeric"
              value={accountId}
              onChange={(e) => setAccountId(e.target.value)}
              placeholder="e.g. 102290129340398"
              className={`${input} max-w-xs font-mono`}
            />
            <button
              type="submit"
              disabled={!!pending}
              className="mt-1 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {pending === "save" ? "Saving…" : "Save id"}
            </button>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            disabled={!!pending || !settings.businessAccountId}
            onClick={() =>
              void call("refresh", () => fetch("/api/settings/whatsapp-templates/refresh", { method: "POST" }))
            }
            className="rounded-lg bg-white px-4 py-2 text-sm font-semibold text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50 disabled:opacity-60"
          >
            {pending === "refresh" ? "Refreshing…" : "Refresh templates"}
          </button>
          <p className="text-sm text-slate-600" data-testid="templates-cache">
            {settings.fetchedAt
              ? `${settings.count} approved template${settings.count === 1 ? "" : "s"}, loaded ${formatDateTime(settings.fetchedAt, timeSettings)}.`
              : "No templates loaded yet."}
          </p>
        </div>
        <FormStatus message={message} testId="templates-settings-message" />
      </form>
    </section>
  );
}
