import "server-only";
/**
 * The instructor's structured profile (offers, meeting points, languages, included, cancellation policy,
 * FAQ). Its own compare-and-set version (`profile_updated_at`), so saving it never makes the other
 * settings form stale and vice versa; audited as `profile.changed` (CM-2.5).
 */
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { instructors } from "@/db/schema";
import { readProfile, type InstructorProfile } from "@/lib/drafting/instructor-profile";
import { compareAndSetInstructor } from "./compare-and-set-instructor";
import { changedFields } from "@/lib/audit/changed-fields";

export interface InstructorProfileView {
  profile: InstructorProfile;
  version: string;
}

export interface UpdateProfileArgs {
  instructorId: string;
  userId: string;
  version: string;
  profile: InstructorProfile;
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
}: UpdateProfileArgs): Promise<UpdateProfileResult> {
  const before = await getInstructorProfile({ instructorId });
  if (!before) return { kind: "not_found", message: "Not found." };
  const changed = changedFields(before.profile, profile);
  const saved = await compareAndSetInstructor({
    instructorId,
    userId,
    versionColumn: "profileUpdatedAt",
    version,
    set: { profile, profileUpdatedAt: sql`clock_timestamp()` },
    action: "profile.changed",
    data: { changed },
  });
  if (!saved)
    return {
      kind: "conflict",
      message: "Your profile was changed elsewhere since you opened this page. Reload and try again.",
    };
  return { kind: "saved", profile, version: saved, changed };
}
