import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { instructors } from "@/db/schema";
import { normalizeIdentifierInputs, type IdentifierInput } from "@/lib/identifiers/normalize-identifier-inputs";

/** A customer form's identifiers normalized with this instructor's default region (CM-1). */
export async function normalizeCustomerIdentifiers(instructorId: string, identifiers: IdentifierInput[]) {
  const [instructor] = await db
    .select({ defaultRegion: instructors.defaultRegion })
    .from(instructors)
    .where(eq(instructors.id, instructorId));
  return normalizeIdentifierInputs(identifiers, instructor?.defaultRegion);
}
