import "server-only";
/**
 * The devices that receive an instructor's notifications, and the instructor's quiet hours.
 * Every function takes instructorId: a device of one instructor is never read or removed by another.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { pushPreferences, pushSubscriptions } from "@/db/schema";
import type { PushSubscriptionInput } from "@/lib/push/push-schemas";
import type { QuietHours } from "@/lib/push/quiet-hours";

export interface PushDevice {
  id: string;
  deviceLabel: string;
  endpoint: string;
  endpointHost: string;
  createdAt: string;
  lastSentAt: string | null;
}

/** Save this browser's subscription. A known endpoint (re-subscribed, or enabled under another login) moves to this instructor with its new keys. */
export async function savePushSubscription({
  instructorId,
  subscription,
  deviceLabel,
}: {
  instructorId: string;
  subscription: PushSubscriptionInput;
  deviceLabel: string;
}): Promise<PushDevice> {
  const [row] = await db
    .insert(pushSubscriptions)
    .values({
      instructorId,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      deviceLabel,
    })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: {
        instructorId,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        deviceLabel,
        createdAt: sql`now()`,
        lastSentAt: null,
      },
    })
    .returning();
  return toDevice(row!);
}

export async function listPushDevices({ instructorId }: { instructorId: string }): Promise<PushDevice[]> {
  const rows = await db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.instructorId, instructorId))
    .orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id));
  return rows.map(toDevice);
}

/** Remove one device; false when it is not this instructor's (or already gone). */
export async function removePushDevice({ instructorId, id }: { instructorId: string; id: string }): Promise<boolean> {
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.instructorId, instructorId)))
    .returning({ id: pushSubscriptions.id });
  return removed.length > 0;
}

/** Remove this browser's subscription by its endpoint (turning notifications off on this device). */
export async function removePushEndpoint({
  instructorId,
  endpoint,
}: {
  instructorId: string;
  endpoint: string;
}): Promise<boolean> {
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.instructorId, instructorId)))
    .returning({ id: pushSubscriptions.id });
  return removed.length > 0;
}

/** Quiet hours are read in the instructor's own time zone (Settings → Dates and times). */
export type PushPreferencesView = QuietHours;

const DEFAULT_PREFERENCES: PushPreferencesView = { enabled: false, startMinute: 22 * 60, endMinute: 7 * 60 };

export async function getPushPreferences(
  { instructorId }: { instructorId: string },
  tx: DbOrTx = db,
): Promise<PushPreferencesView> {
  const [row] = await tx.select().from(pushPreferences).where(eq(pushPreferences.instructorId, instructorId)).limit(1);
  return row
    ? { enabled: row.quietHoursEnabled, startMinute: row.quietStartMinute, endMinute: row.quietEndMinute }
    : DEFAULT_PREFERENCES;
}

export async function savePushPreferences({
  instructorId,
  preferences,
}: {
  instructorId: string;
  preferences: PushPreferencesView;
}): Promise<PushPreferencesView> {
  const values = {
    quietHoursEnabled: preferences.enabled,
    quietStartMinute: preferences.startMinute,
    quietEndMinute: preferences.endMinute,
  };
  await db
    .insert(pushPreferences)
    .values({ instructorId, ...values })
    .onConflictDoUpdate({ target: pushPreferences.instructorId, set: { ...values, updatedAt: sql`now()` } });
  return getPushPreferences({ instructorId });
}

function toDevice(row: typeof pushSubscriptions.$inferSelect): PushDevice {
  let endpointHost = "";
  try {
    endpointHost = new URL(row.endpoint).host;
  } catch {
    // stored endpoints were validated as URLs; an unreadable one just shows no host
  }
  return {
    id: row.id,
    deviceLabel: row.deviceLabel,
    endpoint: row.endpoint,
    endpointHost,
    createdAt: row.createdAt.toISOString(),
    lastSentAt: row.lastSentAt ? row.lastSentAt.toISOString() : null,
  };
}
