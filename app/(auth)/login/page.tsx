import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSignedIn } from "@/server/auth-session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await getSignedIn()) redirect("/inbox");
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div
            className="mx-auto mb-3 flex h-12 w-12 items-center justify-center rounded-2xl bg-brand-500 text-2xl text-white"
            aria-hidden
          >
            ✉
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">Instructor Inbox</h1>
          <p className="mt-1 text-sm text-slate-500">Your WhatsApp bookings, filed and drafted for your approval.</p>
        </div>
        <LoginForm />
      </div>
    </main>
  );
}
