import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getInstructorProfile } from "@/db/queries/instructor-profile";
import { getSettings } from "@/db/queries/settings";
import { getTemplateSettings } from "@/db/templates/whatsapp-templates";
import { requireSignedInPage } from "@/server/auth-session";
import { supportedTimeZones } from "@/lib/format/date-time";
import { NotificationSettings } from "./_components/notification-settings";
import { ProfileSection } from "./_components/profile-section";
import { SettingsForm } from "./_components/settings-form";
import { WhatsappTemplatesSettings } from "./_components/whatsapp-templates-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { instructor } = await requireSignedInPage();
  const settings = await getSettings({ instructorId: instructor.id });
  const profile = await getInstructorProfile({ instructorId: instructor.id });
  const templates = await getTemplateSettings({ instructorId: instructor.id });
  if (!settings || !profile || !templates) notFound();
  return (
    <>
      <SettingsForm initial={settings} timeZones={supportedTimeZones()} />
      <ProfileSection initial={profile} />
      <NotificationSettings />
      <WhatsappTemplatesSettings initial={templates} />
    </>
  );
}
