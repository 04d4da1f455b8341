import "server-only";
/**
 * The instructor's structured profile (offers, meeting points, languages, included, cancellation policy,
 * FAQ). Its own compare-and-set version (`profile_updated_at`), so saving it never makes the other
 * settings form stale and vice versa; audited as `profile.changed` (CM-2.5).
 */
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { instructors } from "@/db/schema";
import { readProfile, type InstructorProfile } from "@/lib/drafting/instructor-profile";
import { recordAuditEvent } from "./audit";
import { isVersion } from "@/lib/validation/is-version";

export interface InstructorProfileView {
  profile: InstructorProfile;
  version: string;
}

export type UpdateProfileResult =
  | { kind: "saved"; profile: InstructorProfile; version: string; changed: string[] }
  | { kind: "conflict"; message: string }
  | { kind: "not_found"; message: string };

export async function getInstructorProfile({
  instructorId,
}: {
  instructorId: string;
}): Promise<InstructorProfileView | null> {
  const [row] = await db
    .select({ profile: instructors.profile, version: sql<string>`${instructors.profileUpdatedAt}::text` })
    .from(instructors)
    .where(eq(instructors.id, instructorId))
    .limit(1);
  return row ? { profile: readProfile(row.profile), version: row.version } : null;
}

export async function updateInstructorProfile({
  instructorId,
  userId,
  version,
  profile,
}: {
  instructorId: string;
  userId: string;
  version: string;
  profile: InstructorProfile;
}): Promise<UpdateProfileResult> {
  const stale = {
    kind: "conflict",
    message: "Your profile was changed elsewhere since you opened this page. Reload and try again.",
  } as const;
  if (!isVersion(version)) return stale;
  const before = await getInstructorProfile({ instructorId });
  if (!before) return { kind: "not_found", message: "Not found." };
  const changed = (Object.keys(profile) as (keyof InstructorProfile)[]).filter(
    (k) => JSON.stringify(before.profile[k]) !== JSON.stringify(profile[k]),
  );
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(instructors)
      .set({ profile, profileUpdatedAt: sql`clock_timestamp()` })
      .where(and(eq(instructors.id, instructorId), sql`${instructors.profileUpdatedAt} = ${version}::timestamptz`))
      .returning({ version: sql<string>`${instructors.profileUpdatedAt}::text` });
    if (!row) return null;
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action: "profile.changed",
      entityType: "instructor",
      entityId: instructorId,
      data: { changed },
    });
    return row.version;
  });
  if (!saved) return stale;
  return { kind: "saved", profile, version: saved, changed };
}
