"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { cx } from "@/components/format";
import { fetchJson } from "@/components/fetch-json";
import type { CustomerView } from "@/db/queries/customers";
import { CustomerForm } from "./customer-form";

type Page = { items: CustomerView[]; nextCursor: string | null };

export function CustomersView({ initialPage, defaultRegion }: { initialPage: Page; defaultRegion: string }) {
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  const [editing, setEditing] = useState<CustomerView | "new" | null>(null);
  const [notice, setNotice] = useState<{ text: string; warnings: string[] } | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);

  const query = useInfiniteQuery({
    queryKey: ["customers", debounced],
    queryFn: ({ pageParam }) =>
      fetchJson<Page>(
        `/api/customers?${new URLSearchParams({ ...(debounced ? { q: debounced } : {}), ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: debounced === "" ? { pages: [initialPage], pageParams: [null] } : undefined,
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  return (
    <main className="mx-auto w-full max-w-3xl px-3 py-4 sm:px-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Customers</h1>
        <button
          type="button"
          onClick={() => {
            setEditing("new");
            setNotice(null);
          }}
          className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          New customer
        </button>
      </div>
      <p className="mt-1 text-sm text-slate-500">
        People you know. Numbers typed without a country code use your region ({defaultRegion}). Two customers may share
        a number: both are kept, and messages from it are then matched to no one.
      </p>

      {notice ? (
        <div
          role="status"
          data-testid="customer-notice"
          className="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          <p>{notice.text}</p>
          {notice.warnings.map((w) => (
            <p key={w} className="mt-1 text-amber-900" data-testid="duplicate-warning">
              ⚠ {w}
            </p>
          ))}
        </div>
      ) : null}

      {editing ? (
        <CustomerForm
          key={editing === "new" ? "new" : editing.id}
          customer={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={async (result) => {
            setEditing(null);
            setNotice({
              text: result.created
                ? `${result.customer.displayName} was added.`
                : `${result.customer.displayName} was saved.`,
              warnings: result.warnings,
            });
            await queryClient.invalidateQueries({ queryKey: ["customers"] });
          }}
        />
      ) : null}

      <div className="mt-4">
        <label htmlFor="customer-search" className="sr-only">
          Search customers by name or number
        </label>
        <input
          id="customer-search"
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder="Search by name or number"
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-500 focus:outline-none"
        />
      </div>

      {query.isError ? (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not load customers ({query.error.message}). Check your connection and try again.
        </p>
      ) : null}

      <ul
        className="mt-3 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white"
        data-testid="customer-list"
      >
        {items.length === 0 && !query.isPending ? (
          <li className="p-6 text-center text-sm text-slate-500">
            {debounced
              ? `No customer matches “${debounced}”.`
              : "No customers yet. Add the people who book with you, with their WhatsApp number."}
          </li>
        ) : null}
        {items.map((customer) => (
          <li key={customer.id} data-testid="customer-row" className="flex items-start gap-3 px-3 py-3">
            <div className="min-w-0 flex-1">
              <Link
                href={`/customers/${customer.id}`}
                className="block font-medium hover:text-brand-700 hover:underline"
              >
                {customer.displayName}
              </Link>
              {customer.notes ? <p className="truncate text-sm text-slate-500">{customer.notes}</p> : null}
              <ul className="mt-1 flex flex-wrap gap-1.5">
                {customer.identifiers.map((i) => (
                  <li
                    key={i.id}
                    title={
                      i.sharedWith.length > 0
                        ? `Also saved for ${i.sharedWith.map((s) => s.displayName).join(", ")}`
                        : undefined
                    }
                    className={cx(
                      "rounded-full px-2 py-0.5 text-xs ring-1 ring-inset",
                      i.sharedWith.length > 0
                        ? "bg-amber-50 text-amber-900 ring-amber-200"
                        : "bg-slate-50 text-slate-700 ring-slate-200",
                    )}
                  >
                    {i.normalizedIdentifier}
                    {i.sharedWith.length > 0
                      ? ` · shared with ${i.sharedWith.map((s) => s.displayName).join(", ")}`
                      : ""}
                  </li>
                ))}
                {customer.identifiers.length === 0 ? <li className="text-xs text-slate-400">No number</li> : null}
              </ul>
            </div>
            <button
              type="button"
              onClick={() => {
                setEditing(customer);
                setNotice(null);
              }}
              className="shrink-0 rounded-lg px-2.5 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50"
              aria-label={`Edit ${customer.displayName}`}
            >
              Edit
            </button>
          </li>
        ))}
      </ul>
      {query.hasNextPage ? (
        <button
          type="button"
          onClick={() => query.fetchNextPage()}
          className="mt-3 w-full rounded-lg border border-slate-200 bg-white py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </main>
  );
}
