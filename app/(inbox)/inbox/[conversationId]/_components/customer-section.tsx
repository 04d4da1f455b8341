"use client";

/**
 * The explicit link (CM-2.3), apart from the read-only signal panel: link to the probable match, to any
 * customer (search), create one from this sender, unlink, change. Every write names the customer in a
 * confirmation first, and carries the `version` the page showed when the action started, so a stale
 * page gets a conflict instead of overwriting someone else's change.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { cx } from "@/components/format";
import { ApiError, fetchJson } from "@/components/fetch-json";
import { SaveButton } from "@/components/save-button";
import { TrailList } from "@/components/trail-list";
import type { AuditTrailEntry } from "@/db/queries/audit-trail";
import type { CustomerView } from "@/db/queries/customers";
import type { ThreadData } from "@/db/queries/threads";

type Seen = {
  state: NonNullable<ThreadData["signal"]>["state"];
  customerId: string | null;
  customerName: string | null;
};
type Pending =
  | { kind: "link"; customerId: string; customerName: string; version: number; seen: Seen }
  | { kind: "unlink"; customerName: string; version: number; seen: Seen };
type IdentifierRow = ThreadData["senderPrefill"]["identifiers"][number];

const CHANNEL_LABEL: Record<IdentifierRow["channel"], string> = {
  whatsapp: "WhatsApp number",
  email: "E-mail",
  whatsapp_user_id: "WhatsApp user id",
};

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function CustomerSection({ data }: { data: ThreadData }) {
  const c = data.conversation;
  const signal = data.signal;
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"idle" | "search" | "create">("idle");
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string; warnings?: string[] } | null>(null);

  const linkedName = signal?.state === "linked" ? (signal.customerName ?? "a customer") : null;
  const seenNow = (): Seen => ({
    state: signal?.state ?? "not_resolvable",
    customerId: signal?.customerId ?? null,
    customerName: signal?.customerName ?? null,
  });

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["thread", c.id] }),
      queryClient.invalidateQueries({ queryKey: ["conversations"] }),
      queryClient.invalidateQueries({ queryKey: ["trail", c.id] }),
    ]);
  }

  async function write(url: string, body: unknown, success: string) {
    setBusy(true);
    setMessage(null);
    try {
      const result = await fetchJson<{ warnings?: string[] }>(url, { method: "POST", body: JSON.stringify(body) });
      setPending(null);
      setMode("idle");
      setMessage({ tone: "ok", text: success, warnings: result.warnings });
    } catch (error) {
      setPending(null);
      const text =
        error instanceof ApiError && error.status === 409
          ? error.message
          : error instanceof Error
            ? error.message
            : "Could not save. Try again.";
      setMessage({ tone: "error", text });
      // Field errors (a number that does not normalize) go back to the form that sent them.
      if (error instanceof ApiError && (error.body as { fieldErrors?: unknown } | null)?.fieldErrors) throw error;
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  function confirm() {
    if (!pending) return;
    const seenSignal = pending.seen;
    if (pending.kind === "link") {
      void write(
        `/api/conversations/${c.id}/link`,
        { customerId: pending.customerId, version: pending.version, seenSignal },
        `Linked to ${pending.customerName}.`,
      );
    } else {
      void write(
        `/api/conversations/${c.id}/unlink`,
        { version: pending.version, seenSignal },
        `Unlinked from ${pending.customerName}.`,
      );
    }
  }

  const askLink = (customerId: string, customerName: string) =>
    setPending({ kind: "link", customerId, customerName, version: c.version, seen: seenNow() });

  return (
    <section
      aria-label="Customer"
      data-testid="customer-section"
      className="rounded-xl border border-slate-200 bg-white px-3 py-2.5"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Customer</h2>
        <p className="min-w-0 flex-1 text-sm" data-testid="customer-link-state">
          {linkedName && c.customerId ? (
            <>
              Linked to{" "}
              <Link href={`/customers/${c.customerId}`} className="font-medium text-brand-700 hover:underline">
                {linkedName}
              </Link>
            </>
          ) : (
            <span className="text-slate-600">Not linked to a customer.</span>
          )}
        </p>
      </div>

      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          data-testid="customer-link-message"
          className={cx(
            "mt-2 rounded-lg px-3 py-2 text-sm",
            message.tone === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-900",
          )}
        >
          {message.text}
          {message.warnings?.map((w) => (
            <span key={w} className="mt-1 block text-amber-900" data-testid="duplicate-warning">
              ⚠ {w}
            </span>
          ))}
        </p>
      ) : null}

      {pending ? (
        <div
          role="dialog"
          aria-modal="false"
          aria-labelledby="link-confirm-title"
          data-testid="link-confirm"
          className="mt-2 rounded-lg bg-sky-50 px-3 py-2.5 text-sm text-sky-950 ring-1 ring-sky-200"
        >
          <p id="link-confirm-title" className="font-medium">
            {pending.kind === "link"
              ? linkedName
                ? `Change the link from ${linkedName} to ${pending.customerName}?`
                : `Link this conversation to ${pending.customerName}?`
              : `Unlink this conversation from ${pending.customerName}?`}
          </p>
          <p className="mt-0.5 text-xs text-sky-900">
            {pending.kind === "link"
              ? "Only this conversation changes. No other conversation or customer is linked, merged or changed, and you can undo it."
              : "The customer is kept. The inbox goes back to suggesting who is writing."}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              onClick={confirm}
              disabled={busy}
              className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {busy ? "Saving…" : pending.kind === "link" ? `Link to ${pending.customerName}` : "Unlink"}
            </button>
            <button
              type="button"
              onClick={() => setPending(null)}
              disabled={busy}
              className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-white"
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          {!c.customerId && signal?.state === "probable_match" && signal.customerId ? (
            <button
              type="button"
              onClick={() => askLink(signal.customerId!, signal.customerName ?? "this customer")}
              className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
            >
              Link to {signal.customerName}
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => setMode(mode === "search" ? "idle" : "search")}
            aria-expanded={mode === "search"}
            className="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50"
          >
            {c.customerId ? "Change customer" : "Link to a customer…"}
          </button>
          <button
            type="button"
            onClick={() => setMode(mode === "create" ? "idle" : "create")}
            aria-expanded={mode === "create"}
            className="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50"
          >
            New customer from this sender
          </button>
          {c.customerId ? (
            <button
              type="button"
              onClick={() =>
                setPending({
                  kind: "unlink",
                  customerName: linkedName ?? "this customer",
                  version: c.version,
                  seen: seenNow(),
                })
              }
              className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"
            >
              Unlink
            </button>
          ) : null}
        </div>
      )}

      {mode === "search" && !pending ? <CustomerSearch currentCustomerId={c.customerId} onPick={askLink} /> : null}
      {mode === "create" && !pending ? (
        <CreateFromSender
          key={c.version}
          prefill={data.senderPrefill}
          busy={busy}
          onCancel={() => setMode("idle")}
          onSubmit={async (fields) => {
            const version = c.version;
            await write(
              `/api/conversations/${c.id}/customer`,
              { ...fields, version, seenSignal: seenNow() },
              `${fields.displayName} was created and linked.`,
            );
          }}
        />
      ) : null}

      <ConversationTrail conversationId={c.id} version={c.version} />
    </section>
  );
}

function CustomerSearch({
  currentCustomerId,
  onPick,
}: {
  currentCustomerId: string | null;
  onPick: (id: string, name: string) => void;
}) {
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  const inputId = useId();
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const results = useQuery({
    queryKey: ["customers", "link-search", debounced],
    queryFn: () =>
      fetchJson<{ items: CustomerView[] }>(`/api/customers?${new URLSearchParams(debounced ? { q: debounced } : {})}`),
  });
  return (
    <div className="mt-2" data-testid="customer-search">
      <label htmlFor={inputId} className="text-xs font-medium text-slate-600">
        Search your customers by name or number
      </label>
      <input
        id={inputId}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Name or number"
        className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none"
      />
      {results.isError ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          Could not search ({results.error.message}).
        </p>
      ) : null}
      <ul className="mt-1 max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200">
        {results.data?.items.length === 0 ? (
          <li className="px-3 py-2 text-sm text-slate-500">No customer matches.</li>
        ) : null}
        {results.data?.items.map((customer) => (
          <li key={customer.id} className="flex items-center gap-2 px-3 py-2">
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium">{customer.displayName}</p>
              <p className="truncate text-xs text-slate-500">
                {customer.identifiers.map((i) => i.normalizedIdentifier).join(" · ") || "No number"}
              </p>
            </div>
            {customer.id === currentCustomerId ? (
              <span className="text-xs text-slate-500">Linked now</span>
            ) : (
              <button
                type="button"
                onClick={() => onPick(customer.id, customer.displayName)}
                className="shrink-0 rounded-lg px-2.5 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
                aria-label={`Link to ${customer.displayName}`}
              >
                Link
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function CreateFromSender({
  prefill,
  busy,
  onCancel,
  onSubmit,
}: {
  prefill: ThreadData["senderPrefill"];
  busy: boolean;
  onCancel: () => void;
  onSubmit: (fields: {
    displayName: string;
    notes: string | null;
    identifiers: IdentifierRow[];
    idempotencyKey: string;
  }) => Promise<void>;
}) {
  const [displayName, setDisplayName] = useState(prefill.displayName);
  const [rows, setRows] = useState<IdentifierRow[]>(prefill.identifiers);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // One key per opened form: a double submit creates one customer.
  const [idempotencyKey] = useState(newKey);
  const nameId = useId();

  return (
    <form
      data-testid="create-from-sender"
      className="mt-2 space-y-2 rounded-lg bg-slate-50 px-3 py-2.5 ring-1 ring-slate-200"
      onSubmit={(event) => {
        event.preventDefault();
        if (!displayName.trim()) return setErrors({ displayName: "Enter a name." });
        setErrors({});
        void onSubmit({
          displayName: displayName.trim(),
          notes: null,
          identifiers: rows.filter((r) => r.raw.trim() !== ""),
          idempotencyKey,
        }).catch((error: unknown) => {
          const body =
            error instanceof ApiError ? (error.body as { fieldErrors?: Record<string, string> } | null) : null;
          setErrors(body?.fieldErrors ?? {});
        });
      }}
    >
      <div>
        <label htmlFor={nameId} className="text-xs font-medium text-slate-600">
          Name
        </label>
        <input
          id={nameId}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-invalid={Boolean(errors.displayName)}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none aria-invalid:border-red-500"
        />
        {errors.displayName ? <p className="mt-1 text-xs text-red-700">{errors.displayName}</p> : null}
      </div>
      {rows.map((row, index) => (
        <div key={`${row.channel}-${index}`}>
          <label htmlFor={`${nameId}-id-${index}`} className="text-xs font-medium text-slate-600">
            {CHANNEL_LABEL[row.channel]}
          </label>
          <input
            id={`${nameId}-id-${index}`}
            value={row.raw}
            onChange={(e) => setRows(rows.map((r, i) => (i === index ? { ...r, raw: e.target.value } : r)))}
            aria-invalid={Boolean(errors[`identifiers.${index}.raw`])}
            className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-none aria-invalid:border-red-500"
          />
          {errors[`identifiers.${index}.raw`] ? (
            <p className="mt-1 text-xs text-red-700">{errors[`identifiers.${index}.raw`]}</p>
          ) : null}
        </div>
      ))}
      <p className="text-xs text-slate-500">
        Numbers are saved in international form, a WhatsApp user id exactly as given. The new customer is linked to this
        conversation only.
      </p>
      <div className="flex flex-wrap gap-2">
        <SaveButton pending={busy} label="Create and link" compact />
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-white"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/** CM-2.5: this conversation's trail, read-only, newest first. */
function ConversationTrail({ conversationId, version }: { conversationId: string; version: number }) {
  const [open, setOpen] = useState(false);
  const trail = useQuery({
    queryKey: ["trail", conversationId, version],
    queryFn: () => fetchJson<{ items: AuditTrailEntry[] }>(`/api/conversations/${conversationId}/audit`),
    enabled: open,
  });
  return (
    <details
      className="mt-2"
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      data-testid="conversation-trail"
    >
      <summary className="cursor-pointer text-xs font-medium text-slate-600">History of this conversation</summary>
      {trail.isError ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          Could not load the history ({trail.error.message}).
        </p>
      ) : null}
      {trail.data ? (
        <TrailList items={trail.data.items} />
      ) : open ? (
        <p className="mt-1 text-xs text-slate-500">Loading…</p>
      ) : null}
    </details>
  );
}
