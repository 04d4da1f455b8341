import "server-only";
import { hashPassword } from "better-auth/crypto";
import { and, eq, ne } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { account, instructors, user, type Instructor } from "@/db/schema";

export interface AddInstructorArgs {
  db: Db;
  email: string;
  name: string;
  password: string;
  phoneNumberId: string;
  /** ISO 3166-1 alpha-2 default region for numbers typed without a country code. */
  region: string;
}

export class PhoneNumberIdTakenError extends Error {
  constructor(phoneNumberId: string, takenBy: string) {
    super(`WhatsApp phone_number_id ${phoneNumberId} already belongs to another instructor (${takenBy})`);
    this.name = "PhoneNumberIdTakenError";
  }
}

/**
 * Onboard an instructor with a login. Idempotent on email: a second run updates name, number,
 * region and password. A phone_number_id owned by another instructor is refused with a clear error.
 */
export async function addInstructor(args: AddInstructorArgs): Promise<{ instructor: Instructor; created: boolean }> {
  const email = args.email.trim().toLowerCase();
  const region = args.region.trim().toUpperCase();
  const passwordHash = await hashPassword(args.password);
  return args.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ email: instructors.email })
      .from(instructors)
      .where(and(eq(instructors.whatsappPhoneNumberId, args.phoneNumberId), ne(instructors.email, email)))
      .limit(1);
    if (taken) throw new PhoneNumberIdTakenError(args.phoneNumberId, taken.email);

    const [existing] = await tx.select().from(instructors).where(eq(instructors.email, email)).limit(1);
    if (existing) {
      const [updated] = await tx
        .update(instructors)
        .set({
          name: args.name,
          whatsappPhoneNumberId: args.phoneNumberId,
          defaultRegion: region,
          updatedAt: new Date(),
        })
        .where(eq(instructors.id, existing.id))
        .returning();
      await tx.update(user).set({ name: args.name, updatedAt: new Date() }).where(eq(user.id, existing.userId));
      await tx
        .update(account)
        .set({ password: passwordHash, updatedAt: new Date() })
        .where(and(eq(account.userId, existing.userId), eq(account.providerId, "credential")));
      return { instructor: updated!, created: false };
    }

    const userId = randomUUID();
    await tx.insert(user).values({ id: userId, name: args.name, email, emailVerified: true });
    // better-auth's email/password accounts: provider "credential", account id = user id.
    await tx
      .insert(account)
      .values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: passwordHash });
    const [instructor] = await tx
      .insert(instructors)
      .values({ userId, name: args.name, email, whatsappPhoneNumberId: args.phoneNumberId, defaultRegion: region })
      .returning();
    return { instructor: instructor!, created: true };
  });
}
