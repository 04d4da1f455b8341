"use client";

import { useState, type FormEvent } from "react";
import type { CustomerView, SaveCustomerResult } from "@/db/queries/customers";
import { SaveButton } from "@/components/save-button";

type Saved = Extract<SaveCustomerResult, { kind: "saved" }>;
type Row = { channel: "whatsapp" | "email" | "whatsapp_user_id"; raw: string };

/** Create or edit a customer (CM-1). The server normalizes numbers; an invalid one is a field error. */
export function CustomerForm({
  customer,
  onCancel,
  onSaved,
}: {
  customer: CustomerView | null;
  onCancel: () => void;
  onSaved: (result: Saved) => void;
}) {
  const [displayName, setDisplayName] = useState(customer?.displayName ?? "");
  const [notes, setNotes] = useState(customer?.notes ?? "");
  const [rows, setRows] = useState<Row[]>(
    customer
      ? customer.identifiers.map((i) => ({ channel: i.channel, raw: i.raw }))
      : [{ channel: "whatsapp", raw: "" }],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // One key per form: a double click creates one customer.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setErrors({});
    setFormError(null);
    const identifiers = rows.filter((r) => r.raw.trim() !== "");
    const payload = customer
      ? { displayName, notes, identifiers, version: customer.version }
      : { displayName, notes, identifiers, idempotencyKey };
    try {
      const response = await fetch(customer ? `/api/customers/${customer.id}` : "/api/customers", {
        method: customer ? "PATCH" : "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
      const result = (await response.json()) as
        SaveCustomerResult | { kind: "invalid"; message: string; fieldErrors?: Record<string, string> };
      if (result.kind === "saved") return onSaved(result);
      if (result.kind === "invalid") {
        // Field errors refer to the submitted (non-empty) rows: map them back to the rows on screen.
        const mapped: Record<string, string> = {};
        for (const [key, message] of Object.entries(result.fieldErrors ?? {})) {
          const match = /^identifiers\.(\d+)\.raw$/.exec(key);
          if (match) mapped[`row.${rows.indexOf(identifiers[Number(match[1])]!)}`] = message;
          else mapped[key] = message;
        }
        setErrors(mapped);
      }
      setFormError(result.message);
    } catch {
      setFormError("Could not reach the server. Nothing was saved; try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={customer ? `Edit ${customer.displayName}` : "New customer"}
      className="mt-4 space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="font-semibold">{customer ? `Edit ${customer.displayName}` : "New customer"}</h2>
      <div>
        <label htmlFor="customer-name" className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <input
          id="customer-name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-invalid={Boolean(errors.displayName)}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none"
        />
        {errors.displayName ? <p className="mt-1 text-sm text-red-700">{errors.displayName}</p> : null}
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">WhatsApp numbers and e-mail addresses</legend>
        <div className="mt-1 space-y-2">
          {rows.map((row, index) => (
            <div key={index}>
              <div className="flex gap-2">
                <label className="sr-only" htmlFor={`identifier-channel-${index}`}>
                  Kind of identifier {index + 1}
                </label>
                <select
                  id={`identifier-channel-${index}`}
                  value={row.channel}
                  onChange={(e) =>
                    setRows(rows.map((r, i) => (i === index ? { ...r, channel: e.target.value as Row["channel"] } : r)))
                  }
                  className="shrink-0 rounded-lg border border-slate-300 bg-white px-2 py-2 text-sm"
                >
                  <option value="whatsapp">WhatsApp</option>
                  <option value="email">E-mail</option>
                  <option value="whatsapp_user_id">WhatsApp user id</option>
                </select>
                <label className="sr-only" htmlFor={`identifier-raw-${index}`}>
                  {row.channel === "whatsapp"
                    ? "WhatsApp number"
                    : row.channel === "email"
                      ? "E-mail address"
                      : "WhatsApp user id"}{" "}
                  {index + 1}
                </label>
                <input
                  id={`identifier-raw-${index}`}
                  value={row.raw}
                  inputMode={row.channel === "whatsapp" ? "tel" : row.channel === "email" ? "email" : "text"}
                  placeholder={
                    row.channel === "whatsapp"
                      ? "+39 333 123 4567"
                      : row.channel === "email"
                        ? "name@example.com"
                        : "US.13491208655302741918"
                  }
                  onChange={(e) => setRows(rows.map((r, i) => (i === index ? { ...r, raw: e.target.value } : r)))}
                  aria-invalid={Boolean(errors[`row.${index}`])}
                  className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none aria-invalid:border-red-500"
                />
                <button
                  type="button"
                  onClick={() => setRows(rows.filter((_, i) => i !== index))}
                  className="shrink-0 rounded-lg px-2 text-sm text-slate-500 hover:bg-slate-100"
                  aria-label={`Remove identifier ${index + 1}`}
                >
                  ✕
                </button>
              </div>
              {errors[`row.${index}`] ? (
                <p className="mt-1 text-sm text-red-700" data-testid="identifier-error">
                  {errors[`row.${index}`]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        <button
          type="button"
          onClick={() => setRows([...rows, { channel: "whatsapp", raw: "" }])}
          className="mt-2 text-sm font-medium text-brand-700 hover:underline"
        >
          + Add a number or address
        </button>
      </fieldset>
      <div>
        <label htmlFor="customer-notes" className="block text-sm font-medium text-slate-700">
          Notes (optional)
        </label>
        <textarea
          id="customer-notes"
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          rows={2}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none"
        />
      </div>
      {formError ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <SaveButton pending={pending} label="Save customer" />
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
