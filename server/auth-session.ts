/**
 * The signed-in instructor, for pages and API routes. Touches the outside (cookies, database).
 * Every page and API except the webhook and health goes through one of these.
 */
import "server-only";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/db";
import { instructors, type Instructor } from "@/db/schema";
import { auth } from "./auth";
import { AppError } from "@/lib/http/api-errors";

export interface SignedIn {
  userId: string;
  instructor: Instructor;
}

/** The signed-in instructor, or null. Cached per request. */
export const getSignedIn = cache(async (): Promise<SignedIn | null> => {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  const [instructor] = await db.select().from(instructors).where(eq(instructors.userId, session.user.id)).limit(1);
  if (!instructor) return null;
  return { userId: session.user.id, instructor };
});

/** For pages: the signed-in instructor, or a redirect to /login. */
export async function requireSignedInPage(): Promise<SignedIn> {
  const signedIn = await getSignedIn();
  if (!signedIn) redirect("/login");
  return signedIn;
}

/** For API routes: the signed-in instructor, or a 401 JSON response. */
export async function requireSignedInApi(): Promise<SignedIn | Response> {
  const signedIn = await getSignedIn();
  if (!signedIn) return new AppError("unauthorized").toResponse();
  return signedIn;
}
