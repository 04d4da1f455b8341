import "server-only";
/**
 * The instructor's own settings: drafts on/off, threshold, reply templates, price text, default
 * region, time zone and locale, mark-read-on-open. The WhatsApp phone_number_id is shown, never edited here.
 * A save is a compare-and-set on `version` (updated_at), audited as `settings.changed` (CM-2.5).
 */
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { instructors } from "@/db/schema";
import type { ReplyTemplates } from "@/lib/vocabulary";
import { resolveTimeSettings } from "@/lib/format/date-time";
import { compareAndSetInstructor } from "./compare-and-set-instructor";
import { changedFields } from "@/lib/audit/changed-fields";

export interface InstructorSettings {
  name: string;
  email: string;
  whatsappPhoneNumberId: string | null;
  draftsEnabled: boolean;
  draftThreshold: number;
  priceText: string | null;
  defaultRegion: string;
  markReadOnOpen: boolean;
  replyTemplates: ReplyTemplates;
  /** The zone and locale dates are shown in (the region's until the instructor picks others). */
  timeZone: string;
  locale: string;
  version: string;
}

export type EditableSettings = Pick<
  InstructorSettings,
  "draftsEnabled" | "draftThreshold" | "priceText" | "defaultRegion" | "markReadOnOpen" | "replyTemplates"
> &
  Partial<Pick<InstructorSettings, "timeZone" | "locale">>;

export interface UpdateSettingsArgs {
  instructorId: string;
  userId: string;
  version: string;
  settings: EditableSettings;
}

export type UpdateSettingsResult =
  | { kind: "saved"; settings: InstructorSettings; changed: string[] }
  | { kind: "conflict"; message: string }
  | { kind: "not_found"; message: string };

export async function getSettings({ instructorId }: { instructorId: string }): Promise<InstructorSettings | null> {
  const [row] = await db
    .select({
      name: instructors.name,
      email: instructors.email,
      whatsappPhoneNumberId: instructors.whatsappPhoneNumberId,
      draftsEnabled: instructors.draftsEnabled,
      draftThreshold: instructors.draftThreshold,
      priceText: instructors.priceText,
      defaultRegion: instructors.defaultRegion,
      markReadOnOpen: instructors.markReadOnOpen,
      replyTemplates: instructors.replyTemplates,
      timeZone: instructors.timeZone,
      locale: instructors.locale,
      version: sql<string>`${instructors.updatedAt}::text`,
    })
    .from(instructors)
    .where(eq(instructors.id, instructorId))
    .limit(1);
  return row ? { ...row, ...resolveTimeSettings(row) } : null;
}

/** Drop empty template texts so "cleared" means "use the built-in default". */
function cleanTemplates(templates: ReplyTemplates): ReplyTemplates {
  const out: ReplyTemplates = {};
  for (const [intent, byLanguage] of Object.entries(templates) as [
    keyof ReplyTemplates,
    Record<string, string | undefined>,
  ][]) {
    const kept = Object.fromEntries(
      Object.entries(byLanguage ?? {})
        .filter(([, text]) => typeof text === "string" && text.trim() !== "")
        .map(([l, t]) => [l, t!.trim()]),
    );
    if (Object.keys(kept).length > 0) out[intent] = kept;
  }
  return out;
}

export async function updateSettings({
  instructorId,
  userId,
  version,
  settings,
}: UpdateSettingsArgs): Promise<UpdateSettingsResult> {
  const before = await getSettings({ instructorId });
  if (!before) return { kind: "not_found", message: "Not found." };
  // A field left out (undefined) keeps its value: drizzle skips it in SET, and it is not "changed".
  const next = Object.fromEntries(
    Object.entries({ ...settings, replyTemplates: cleanTemplates(settings.replyTemplates) }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as EditableSettings;
  const changed = changedFields<EditableSettings>(before, next);

  const saved = await compareAndSetInstructor({
    instructorId,
    userId,
    versionColumn: "updatedAt",
    version,
    set: { ...next, updatedAt: sql`now()` },
    action: "settings.changed",
    data: {
      changed,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    },
  });
  if (!saved)
    return {
      kind: "conflict",
      message: "Your settings were changed elsewhere since you opened this page. Reload and try again.",
    };
  const settingsNow = await getSettings({ instructorId });
  return settingsNow ? { kind: "saved", settings: settingsNow, changed } : { kind: "not_found", message: "Not found." };
}
