import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { instructors } from "@/db/schema";
import { isVersion } from "@/lib/validation/is-version";
import { recordAuditEvent } from "./audit";

/**
 * A settings form's save as a compare-and-set: the instructor's row changes only while `versionColumn` still
 * holds the version the form was read at (`set` moves it on), and the audit event commits with the change.
 * Answers the new version, or null when someone saved in between (or the version is not one we issued).
 */
export async function compareAndSetInstructor({
  instructorId,
  userId,
  versionColumn,
  version,
  set,
  action,
  data,
}: {
  instructorId: string;
  userId: string;
  versionColumn: "updatedAt" | "profileUpdatedAt";
  version: string;
  set: PgUpdateSetSource<typeof instructors>;
  action: string;
  data: Record<string, unknown>;
}): Promise<string | null> {
  if (!isVersion(version)) return null;
  const column = instructors[versionColumn];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(instructors)
      .set(set)
      .where(and(eq(instructors.id, instructorId), sql`${column} = ${version}::timestamptz`))
      .returning({ version: sql<string>`${column}::text` });
    if (!row) return null;
    await recordAuditEvent(tx, {
      instructorId,
      actorUserId: userId,
      action,
      entityType: "instructor",
      entityId: instructorId,
      data,
    });
    return row.version;
  });
}
