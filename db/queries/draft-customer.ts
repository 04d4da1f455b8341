import "server-only";
/** The linked customer's name and the instructor's notes about them, for drafting (tenant-scoped). */
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { customers } from "@/db/schema";

export async function customerForDrafting({
  instructorId,
  customerId,
}: {
  instructorId: string;
  customerId: string | null;
}): Promise<{ name: string; notes: string | null } | null> {
  if (!customerId) return null;
  const [row] = await db
    .select({ name: customers.displayName, notes: customers.notes })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.instructorId, instructorId)))
    .limit(1);
  return row ?? null;
}
