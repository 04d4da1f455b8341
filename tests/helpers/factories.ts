/**
 * Test data with unique names, created through the real tables. Each test makes its own tenant,
 * so tests can run in parallel against one database.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/db";
import { customerIdentifiers, customers, instructors, user } from "@/db/schema";
import type { IdentifierChannel } from "@/lib/vocabulary";

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export async function createTestInstructor(overrides: Partial<typeof instructors.$inferInsert> = {}) {
  const suffix = uniqueSuffix();
  const userId = `test-user-${suffix}`;
  await db.insert(user).values({ id: userId, name: `Instructor ${suffix}`, email: `instructor-${suffix}@test.local` });
  const [instructor] = await db
    .insert(instructors)
    .values({
      userId,
      name: `Instructor ${suffix}`,
      email: `instructor-${suffix}@test.local`,
      whatsappPhoneNumberId: `pnid-${suffix}`,
      defaultRegion: "IT",
      ...overrides,
    })
    .returning();
  return instructor!;
}

export async function createTestCustomer(args: {
  instructorId: string;
  displayName?: string;
  identifiers?: { channel: IdentifierChannel; raw: string; normalizedIdentifier: string }[];
}) {
  const [customer] = await db
    .insert(customers)
    .values({ instructorId: args.instructorId, displayName: args.displayName ?? `Customer ${uniqueSuffix()}` })
    .returning();
  for (const identifier of args.identifiers ?? []) {
    await db
      .insert(customerIdentifiers)
      .values({ ...identifier, instructorId: args.instructorId, customerId: customer!.id });
  }
  return customer!;
}
