"use client";
/**
 * Settings → "What drafts may say": the structured profile (offers, meeting points, languages, what is
 * included, cancellation policy, FAQ). Its own form and save (PUT /api/settings/profile), separate from the
 * other settings. Numbers are edited as text and converted on save so a half-typed price never jumps.
 */
import { useState, type FormEvent } from "react";
import type { InstructorProfileView, UpdateProfileResult } from "@/db/queries/instructor-profile";
import { LEVELS, type InstructorProfile } from "@/lib/drafting/instructor-profile";
import { FormStatus } from "./form-status";
import { OfferField } from "./offer-field";
import { SaveButton } from "@/components/save-button";

const input =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-500 focus:outline-none";
const small =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:outline-none";

interface OfferDraft {
  name: string;
  activity: string;
  durationMinutes: string;
  price: string;
  currency: string;
  groupSizeMin: string;
  groupSizeMax: string;
  level: (typeof LEVELS)[number];
}

const LEVEL_LABEL: Record<(typeof LEVELS)[number], string> = {
  beginner: "Beginner",
  intermediate: "Intermediate",
  advanced: "Advanced",
  any: "Any level",
};

function toDrafts(profile: InstructorProfile): OfferDraft[] {
  return profile.offers.map((o) => ({
    name: o.name,
    activity: o.activity,
    durationMinutes: String(o.durationMinutes),
    price: String(o.price),
    currency: o.currency,
    groupSizeMin: String(o.groupSizeMin),
    groupSizeMax: String(o.groupSizeMax),
    level: o.level,
  }));
}
const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
const num = (s: string) => (s.trim() === "" ? NaN : Number(s.replace(",", ".")));

export function ProfileSection({ initial }: { initial: InstructorProfileView }) {
  const [version, setVersion] = useState(initial.version);
  const [offers, setOffers] = useState<OfferDraft[]>(toDrafts(initial.profile));
  const [meetingPoints, setMeetingPoints] = useState(initial.profile.meetingPoints);
  const [languages, setLanguages] = useState(initial.profile.languages.join(", "));
  const [included, setIncluded] = useState(initial.profile.included.join("\n"));
  const [notIncluded, setNotIncluded] = useState(initial.profile.notIncluded.join("\n"));
  const [cancellationPolicy, setCancellationPolicy] = useState(initial.profile.cancellationPolicy);
  const [faq, setFaq] = useState(initial.profile.faq);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; errors?: Record<string, string> } | null>(null);

  const setOffer = (i: number, patch: Partial<OfferDraft>) =>
    setOffers(offers.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setMessage(null);
    const profile = {
      offers: offers.map((o) => ({
        name: o.name,
        activity: o.activity,
        durationMinutes: num(o.durationMinutes),
        price: num(o.price),
        currency: o.currency,
        groupSizeMin: num(o.groupSizeMin),
        groupSizeMax: num(o.groupSizeMax),
        level: o.level,
      })),
      meetingPoints,
      languages: languages
        .split(/[,\s]+/)
        .map((l) => l.trim())
        .filter(Boolean),
      included: lines(included),
      notIncluded: lines(notIncluded),
      cancellationPolicy,
      faq,
    };
    try {
      const response = await fetch("/api/settings/profile", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ profile, version }),
      });
      const result = (await response.json()) as
        UpdateProfileResult | { kind: "invalid"; message: string; fieldErrors?: Record<string, string> };
      if (result.kind === "saved") {
        setVersion(result.version);
        setOffers(toDrafts(result.profile));
        setMessage({
          ok: true,
          text: result.changed.length > 0 ? "Profile saved. New drafts use it." : "Nothing changed.",
        });
      } else {
        setMessage({
          ok: false,
          text: humanize(result.message, "fieldErrors" in result ? result.fieldErrors : undefined),
          errors: "fieldErrors" in result ? result.fieldErrors : undefined,
        });
      }
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Nothing was saved; try again." });
    } finally {
      setPending(false);
    }
  }

  const err = (key: string) => message?.errors?.[key];

  return (
    <section
      className="mx-auto w-full max-w-2xl px-3 pb-8 sm:px-4"
      aria-labelledby="profile-heading"
      data-testid="profile-section"
    >
      <form onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4" noValidate>
        <div>
          <h2 id="profile-heading" className="font-semibold">
            What drafts may say
          </h2>
          <p className="text-xs text-slate-500">
            Drafts quote only these facts: prices from your offers, your meeting points, what is included, your
            cancellation policy and your answers.
          </p>
        </div>

        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-800">Offers</legend>
          {offers.length === 0 ? (
            <p className="text-sm text-slate-500">No offers yet: price questions then get your price text.</p>
          ) : null}
          {offers.map((o, i) => (
            <div
              key={i}
              className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-4"
              data-testid="offer-row"
            >
              <OfferField
                label="Name"
                ariaLabel={`Offer ${i + 1} name`}
                value={o.name}
                onChange={(name) => setOffer(i, { name })}
                error={err(`profile.offers.${i}.name`)}
                className="col-span-2 text-xs font-medium text-slate-700"
                inputClassName={small}
              />
              <OfferField
                label="Activity"
                ariaLabel={`Offer ${i + 1} activity`}
                value={o.activity}
                onChange={(activity) => setOffer(i, { activity })}
                inputClassName={small}
              />
              <OfferField
                label="Minutes"
                ariaLabel={`Offer ${i + 1} duration in minutes`}
                inputMode="numeric"
                value={o.durationMinutes}
                onChange={(durationMinutes) => setOffer(i, { durationMinutes })}
                inputClassName={small}
              />
              <OfferField
                label="Price"
                ariaLabel={`Offer ${i + 1} price`}
                inputMode="decimal"
                value={o.price}
                onChange={(price) => setOffer(i, { price })}
                error={err(`profile.offers.${i}.price`)}
                inputClassName={small}
              />
              <OfferField
                label="Currency"
                ariaLabel={`Offer ${i + 1} currency`}
                maxLength={3}
                value={o.currency}
                onChange={(currency) => setOffer(i, { currency: currency.toUpperCase() })}
                inputClassName={`${small} uppercase`}
              />
              <label className="text-xs font-medium text-slate-700">
                People (from–to)
                <span className="flex gap-1">
                  <input
                    inputMode="numeric"
                    value={o.groupSizeMin}
                    onChange={(e) => setOffer(i, { groupSizeMin: e.target.value })}
                    className={small}
                    aria-label={`Offer ${i + 1} smallest group`}
                  />
                  <input
                    inputMode="numeric"
                    value={o.groupSizeMax}
                    onChange={(e) => setOffer(i, { groupSizeMax: e.target.value })}
                    className={small}
                    aria-label={`Offer ${i + 1} largest group`}
                  />
                </span>
              </label>
              <label className="text-xs font-medium text-slate-700">
                Level
                <select
                  value={o.level}
                  onChange={(e) => setOffer(i, { level: e.target.value as OfferDraft["level"] })}
                  className={small}
                  aria-label={`Offer ${i + 1} level`}
                >
                  {LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {LEVEL_LABEL[l]}
                    </option>
                  ))}
                </select>
              </label>
              <div className="col-span-2 flex items-end justify-end sm:col-span-4">
                <button
                  type="button"
                  onClick={() => setOffers(offers.filter((_, j) => j !== i))}
                  className="text-sm text-red-700 hover:underline"
                >
                  Remove offer
                </button>
              </div>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setOffers([
                ...offers,
                {
                  name: "",
                  activity: "",
                  durationMinutes: "60",
                  price: "",
                  currency: offers[0]?.currency ?? "EUR",
                  groupSizeMin: "1",
                  groupSizeMax: "1",
                  level: "any",
                },
              ])
            }
            className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            Add offer
          </button>
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold text-slate-800">Meeting points</legend>
          {meetingPoints.map((m, i) => (
            <div key={i} className="flex flex-wrap items-end gap-2">
              <label className="min-w-40 flex-1 text-xs font-medium text-slate-700">
                Place
                <input
                  value={m.name}
                  onChange={(e) =>
                    setMeetingPoints(meetingPoints.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                  }
                  className={small}
                />
              </label>
              <label className="min-w-40 flex-[2] text-xs font-medium text-slate-700">
                Details
                <input
                  value={m.details}
                  onChange={(e) =>
                    setMeetingPoints(meetingPoints.map((x, j) => (j === i ? { ...x, details: e.target.value } : x)))
                  }
                  className={small}
                />
              </label>
              <button
                type="button"
                onClick={() => setMeetingPoints(meetingPoints.filter((_, j) => j !== i))}
                className="pb-1.5 text-sm text-red-700 hover:underline"
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => setMeetingPoints([...meetingPoints, { name: "", details: "" }])}
            className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            Add meeting point
          </button>
        </fieldset>

        <div>
          <label htmlFor="profile-languages" className="block text-sm font-medium text-slate-700">
            You teach in (two-letter codes: en, it, de, fr, es…)
          </label>
          <input
            id="profile-languages"
            value={languages}
            onChange={(e) => setLanguages(e.target.value)}
            className={input}
          />
          {err("profile.languages.0") ? (
            <p className="mt-1 text-sm text-red-700">{err("profile.languages.0")}</p>
          ) : null}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="profile-included" className="block text-sm font-medium text-slate-700">
              Included (one per line)
            </label>
            <textarea
              id="profile-included"
              rows={3}
              value={included}
              onChange={(e) => setIncluded(e.target.value)}
              className={input}
            />
          </div>
          <div>
            <label htmlFor="profile-not-included" className="block text-sm font-medium text-slate-700">
              Not included (one per line)
            </label>
            <textarea
              id="profile-not-included"
              rows={3}
              value={notIncluded}
              onChange={(e) => setNotIncluded(e.target.value)}
              className={input}
            />
          </div>
        </div>
        <div>
          <label htmlFor="profile-cancellation" className="block text-sm font-medium text-slate-700">
            Cancellation policy
          </label>
          <textarea
            id="profile-cancellation"
            rows={2}
            maxLength={1000}
            value={cancellationPolicy}
            onChange={(e) => setCancellationPolicy(e.target.value)}
            className={input}
          />
        </div>

        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold text-slate-800">Questions you are often asked</legend>
          {faq.map((f, i) => (
            <div key={i} className="space-y-1 rounded-lg border border-slate-200 p-3">
              <label className="block text-xs font-medium text-slate-700">
                Question
                <input
                  value={f.question}
                  onChange={(e) => setFaq(faq.map((x, j) => (j === i ? { ...x, question: e.target.value } : x)))}
                  className={small}
                />
              </label>
              <label className="block text-xs font-medium text-slate-700">
                Your answer
                <textarea
                  rows={2}
                  value={f.answer}
                  onChange={(e) => setFaq(faq.map((x, j) => (j === i ? { ...x, answer: e.target.value } : x)))}
                  className={small}
                />
              </label>
              <button
                type="button"
                onClick={() => setFaq(faq.filter((_, j) => j !== i))}
                className="text-sm text-red-700 hover:underline"
              >
                Remove question
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => setFaq([...faq, { question: "", answer: "" }])}
            className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            Add question
          </button>
        </fieldset>

        <FormStatus message={message} testId="profile-message" />
        <SaveButton pending={pending} label="Save profile" />
      </form>
    </section>
  );
}

/** "profile.offers.1.price: …" → "Offer 2: …", so the message points at the row. */
function humanize(message: string, errors: Record<string, string> | undefined): string {
  const first = errors ? Object.keys(errors)[0] : undefined;
  const m = first ? /^profile\.offers\.(\d+)\./.exec(first) : null;
  return m ? `Offer ${Number(m[1]) + 1}: ${message}` : message;
}
