"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { cx } from "@/components/format";
import { authClient } from "@/components/auth-client";

const LINKS = [
  { href: "/inbox", label: "Inbox" },
  { href: "/customers", label: "Customers" },
  { href: "/settings", label: "Settings" },
] as const;

export function AppNav({ instructorName }: { instructorName: string }) {
  const pathname = usePathname();
  const router = useRouter();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    await authClient.signOut();
    router.replace("/login");
    router.refresh();
  }

  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-2 px-3 sm:gap-4 sm:px-4">
        <Link
          href="/inbox"
          className="flex shrink-0 items-center gap-2 font-semibold tracking-tight"
          aria-label="Instructor Inbox, home"
        >
          <span className="flex h-8 w-8 items-center justify-center rounded-xl bg-brand-500 text-white" aria-hidden>
            ✉
          </span>
          <span className="hidden md:inline">Instructor Inbox</span>
        </Link>
        <nav aria-label="Main" className="flex min-w-0 flex-1 items-center gap-1">
          {LINKS.map((link) => {
            const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={cx(
                  "rounded-lg px-2.5 py-1.5 text-sm font-medium sm:px-3",
                  active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        <span className="hidden max-w-56 truncate text-sm text-slate-500 lg:inline" title={instructorName}>
          {instructorName}
        </span>
        <button
          type="button"
          onClick={signOut}
          disabled={signingOut}
          className="shrink-0 rounded-lg px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-60"
        >
          {signingOut ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </header>
  );
}
