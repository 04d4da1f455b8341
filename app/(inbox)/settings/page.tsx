import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getSettings } from "@/db/queries/settings";
import { requireSignedInPage } from "@/lib/auth-session";
import { supportedTimeZones } from "@/lib/format/date-time";
import { SettingsForm } from "./_components/settings-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { instructor } = await requireSignedInPage();
  const settings = await getSettings({ instructorId: instructor.id });
  if (!settings) notFound();
  return <SettingsForm initial={settings} timeZones={supportedTimeZones()} />;
}
