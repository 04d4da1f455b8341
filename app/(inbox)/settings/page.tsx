import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getSettings } from "@/db/queries/settings";
import { requireSignedInPage } from "@/lib/auth-session";
import { getTemplateSettings } from "@/db/templates/whatsapp-templates";
import { SettingsForm } from "./_components/settings-form";
import { WhatsappTemplatesSettings } from "./_components/whatsapp-templates-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { instructor } = await requireSignedInPage();
  const settings = await getSettings({ instructorId: instructor.id });
  const templates = await getTemplateSettings({ instructorId: instructor.id });
  if (!settings || !templates) notFound();
  return (
    <>
      <SettingsForm initial={settings} />
      <WhatsappTemplatesSettings initial={templates} />
    </>
  );
}
