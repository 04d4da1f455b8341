"use client";

import { INTENT_LABEL, LANGUAGE_LABEL } from "@/components/labels";
import { useState, type FormEvent } from "react";
import type { InstructorSettings, UpdateSettingsResult } from "@/db/queries/settings";
import type { ReplyTemplates } from "@/lib/vocabulary";
import { INTENTS, LANGUAGES } from "@/lib/vocabulary";
import { FormStatus } from "./form-status";
import { LabelledSelect } from "./labelled-select";
import { SaveButton } from "@/components/save-button";
import { formatDateTime, isSupportedLocale, isSupportedTimeZone, type TimeSettings } from "@/lib/format/date-time";

const input =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-500 focus:outline-none";

export function SettingsForm({ initial, timeZones }: { initial: InstructorSettings; timeZones: string[] }) {
  const [settings, setSettings] = useState(initial);
  const [templates, setTemplates] = useState<ReplyTemplates>(initial.replyTemplates);
  const [intent, setIntent] = useState<(typeof INTENTS)[number]>("booking_request");
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number]>("en");
  const [threshold, setThreshold] = useState(String(initial.draftThreshold));
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; errors?: Record<string, string> } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch("/api/settings", {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          draftsEnabled: settings.draftsEnabled,
          draftThreshold: Number(threshold),
          priceText: settings.priceText,
          defaultRegion: settings.defaultRegion,
          markReadOnOpen: settings.markReadOnOpen,
          replyTemplates: templates,
          timeZone: settings.timeZone,
          locale: settings.locale,
          version: settings.version,
        }),
      });
      const result = (await response.json()) as
        UpdateSettingsResult | { kind: "invalid"; message: string; fieldErrors?: Record<string, string> };
      if (result.kind === "saved") {
        setSettings(result.settings);
        setTemplates(result.settings.replyTemplates);
        setThreshold(String(result.settings.draftThreshold));
        setMessage({ ok: true, text: result.changed.length > 0 ? "Settings saved." : "Nothing changed." });
      } else {
        setMessage({
          ok: false,
          text: result.message,
          errors: "fieldErrors" in result ? result.fieldErrors : undefined,
        });
      }
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Nothing was saved; try again." });
    } finally {
      setPending(false);
    }
  }

  const currentTemplate = templates[intent]?.[language] ?? "";
  const overrides = INTENTS.flatMap((i) => LANGUAGES.filter((l) => templates[i]?.[l]?.trim()).map((l) => ({ i, l })));

  return (
    <main className="mx-auto w-full max-w-2xl px-3 py-4 sm:px-4">
      <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
      <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Drafts</h2>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={settings.draftsEnabled}
              onChange={(e) => setSettings({ ...settings, draftsEnabled: e.target.checked })}
              className="h-4 w-4"
            />
            Prepare reply drafts for new messages
          </label>
          <div>
            <label htmlFor="threshold" className="block text-sm font-medium text-slate-700">
              Confidence threshold (0 to 1)
            </label>
            <input
              id="threshold"
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              className={`${input} max-w-32`}
              aria-describedby="threshold-help"
            />
            <p id="threshold-help" className="mt-1 text-xs text-slate-500">
              Below this confidence no draft is made, and the inbox says why.
            </p>
            {message?.errors?.draftThreshold ? (
              <p className="mt-1 text-sm text-red-700">{message.errors.draftThreshold}</p>
            ) : null}
          </div>
          <div>
            <label htmlFor="price-text" className="block text-sm font-medium text-slate-700">
              Price text (used in price answers)
            </label>
            <textarea
              id="price-text"
              rows={2}
              value={settings.priceText ?? ""}
              onChange={(e) => setSettings({ ...settings, priceText: e.target.value })}
              className={input}
            />
          </div>
        </section>

        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Reply templates</h2>
          <p className="text-xs text-slate-500">
            Override the built-in reply for an intent and language. Leave empty to use the default.
          </p>
          <div className="flex flex-wrap gap-2">
            <LabelledSelect
              id="template-intent"
              label="Intent"
              value={intent}
              options={INTENTS}
              labels={INTENT_LABEL}
              onChange={setIntent}
              className={input}
            />
            <LabelledSelect
              id="template-language"
              label="Language"
              value={language}
              options={LANGUAGES}
              labels={LANGUAGE_LABEL}
              onChange={setLanguage}
              className={input}
            />
          </div>
          <div>
            <label htmlFor="template-text" className="block text-sm font-medium text-slate-700">
              Template: {INTENT_LABEL[intent]}, {LANGUAGE_LABEL[language]}
            </label>
            <textarea
              id="template-text"
              rows={3}
              maxLength={1000}
              value={currentTemplate}
              onChange={(e) =>
                setTemplates({ ...templates, [intent]: { ...(templates[intent] ?? {}), [language]: e.target.value } })
              }
              className={input}
            />
          </div>
          {overrides.length > 0 ? (
            <p className="text-xs text-slate-500">
              Your templates: {overrides.map(({ i, l }) => `${INTENT_LABEL[i]} (${l})`).join(", ")}
            </p>
          ) : null}
        </section>

        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">Numbers and WhatsApp</h2>
          <div>
            <label htmlFor="region" className="block text-sm font-medium text-slate-700">
              Default region (for numbers typed without a country code)
            </label>
            <input
              id="region"
              value={settings.defaultRegion}
              maxLength={2}
              onChange={(e) => setSettings({ ...settings, defaultRegion: e.target.value.toUpperCase() })}
              className={`${input} max-w-24 uppercase`}
            />
            {message?.errors?.defaultRegion ? (
              <p className="mt-1 text-sm text-red-700">{message.errors.defaultRegion}</p>
            ) : null}
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={settings.markReadOnOpen}
              onChange={(e) => setSettings({ ...settings, markReadOnOpen: e.target.checked })}
              className="h-4 w-4"
            />
            Show the customer blue ticks when I open a conversation
          </label>
          <div>
            <p className="text-sm font-medium text-slate-700">WhatsApp phone number id</p>
            <p
              className="mt-1 rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm text-slate-700"
              data-testid="phone-number-id"
            >
              {settings.whatsappPhoneNumberId ??
                "Not connected yet: ask your administrator to connect your WhatsApp business number."}
            </p>
          </div>
        </section>

        <TimeSettingsSection
          settings={settings}
          timeZones={timeZones}
          errors={message?.errors}
          onChange={(change) => setSettings({ ...settings, ...change })}
        />

        <FormStatus message={message} testId="settings-message" />
        <SaveButton pending={pending} label="Save settings" />
      </form>
    </main>
  );
}

/** A fixed instant for the preview, so the server HTML and the hydrated form show the same text. */
const PREVIEW_AT = "2026-01-15T20:14:00Z";

function TimeSettingsSection({
  settings,
  timeZones,
  errors,
  onChange,
}: {
  settings: TimeSettings;
  timeZones: string[];
  errors?: Record<string, string>;
  onChange: (change: Partial<TimeSettings>) => void;
}) {
  const zones = timeZones.includes(settings.timeZone) ? timeZones : [settings.timeZone, ...timeZones];
  const preview =
    isSupportedTimeZone(settings.timeZone) && isSupportedLocale(settings.locale)
      ? formatDateTime(PREVIEW_AT, settings)
      : null;
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">Dates and times</h2>
      <div>
        <label htmlFor="time-zone" className="block text-sm font-medium text-slate-700">
          Time zone
        </label>
        <select
          id="time-zone"
          value={settings.timeZone}
          onChange={(e) => onChange({ timeZone: e.target.value })}
          className={input}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {errors?.timeZone ? <p className="mt-1 text-sm text-red-700">{errors.timeZone}</p> : null}
      </div>
      <div>
        <label htmlFor="locale" className="block text-sm font-medium text-slate-700">
          Date and time format (locale, such as it-IT, de-CH or en-GB)
        </label>
        <input
          id="locale"
          value={settings.locale}
          maxLength={35}
          onChange={(e) => onChange({ locale: e.target.value })}
          className={`${input} max-w-40`}
          aria-describedby="locale-preview"
        />
        <p id="locale-preview" className="mt-1 text-xs text-slate-500" data-testid="time-preview">
          {preview ? `15 January 2026, 20:14 UTC shows as: ${preview}` : "Not a locale this server knows."}
        </p>
        {errors?.locale ? <p className="mt-1 text-sm text-red-700">{errors.locale}</p> : null}
      </div>
    </section>
  );
}
