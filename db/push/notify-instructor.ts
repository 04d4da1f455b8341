import "server-only";
/**
 * Push a notification about one conversation to every device of its instructor (Web Push, VAPID,
 * aes128gcm). web-push builds and encrypts the request (generateRequestDetails); we post it with
 * fetch, because web-push's own transport is https-only and has no abortable timeout, and a push
 * must never hold up anything for long. A device whose endpoint answers 404/410 is gone: removed.
 */
import { and, desc, eq } from "drizzle-orm";
import webpush from "web-push";
import { db } from "@/db";
import { conversations, customers, drafts, instructors, messages, pushSubscriptions } from "@/db/schema";
import { vapid as vapidFromEnv } from "@/server/env";
import { resolveTimeSettings } from "@/lib/format/date-time";
import { logger } from "@/server/logger";
import {
  buildConversationNotification,
  type ConversationNotification,
  type NotifyReason,
} from "@/lib/push/conversation-notification";
import { isWithinQuietHours } from "@/lib/push/quiet-hours";
import { getPushPreferences } from "./subscriptions";
import { linkedCustomerOfConversation } from "@/db/queries/linked-customer-of-conversation";

export interface VapidIdentity {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export interface NotifyOptions {
  vapid?: VapidIdentity | null;
  now?: () => Date;
  /** Per-device request timeout. */
  timeoutMs?: number;
}

export type NotifyConversationResult =
  | {
      outcome: "skipped";
      reason: "push not configured" | "conversation not found" | "nothing unread" | "quiet hours" | "no devices";
    }
  | { outcome: "sent"; notification: ConversationNotification; delivered: number; removed: number; failed: number };

const PUSH_TTL_SECONDS = 24 * 60 * 60;

export async function notifyConversation(
  { instructorId, conversationId }: { instructorId: string; conversationId: string },
  options: NotifyOptions = {},
): Promise<NotifyConversationResult> {
  const vapid = options.vapid === undefined ? vapidFromEnv : options.vapid;
  if (!vapid) return { outcome: "skipped", reason: "push not configured" };
  // Devices first: an instructor without any (push never enabled) costs one query per draft, not three.
  const devices = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.instructorId, instructorId));
  if (devices.length === 0) return { outcome: "skipped", reason: "no devices" };

  const [conversation] = await db
    .select({
      timeZone: instructors.timeZone,
      defaultRegion: instructors.defaultRegion,
      id: conversations.id,
      displayName: conversations.displayName,
      externalIdentity: conversations.externalIdentity,
      unreadCount: conversations.unreadCount,
      customerName: customers.displayName,
    })
    .from(conversations)
    .innerJoin(instructors, eq(instructors.id, conversations.instructorId))
    .leftJoin(customers, linkedCustomerOfConversation)
    .where(and(eq(conversations.id, conversationId), eq(conversations.instructorId, instructorId)))
    .limit(1);
  if (!conversation) return { outcome: "skipped", reason: "conversation not found" };
  // The instructor has already opened it since: nothing needs them.
  if (conversation.unreadCount === 0) return { outcome: "skipped", reason: "nothing unread" };

  const preferences = await getPushPreferences({ instructorId });
  if (
    isWithinQuietHours({
      quietHours: preferences,
      now: options.now?.() ?? new Date(),
      timeZone: resolveTimeSettings(conversation).timeZone,
    })
  ) {
    return { outcome: "skipped", reason: "quiet hours" };
  }

  const [latest] = await db
    .select({ body: messages.body, type: messages.type, draftState: drafts.state, decision: drafts.decision })
    .from(messages)
    .leftJoin(drafts, eq(drafts.messageId, messages.id))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.instructorId, instructorId),
        eq(messages.direction, "inbound"),
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  const reason: NotifyReason =
    latest?.decision === "handoff" ? "handoff" : latest?.draftState === "proposed" ? "draft_ready" : "no_draft";
  const notification = buildConversationNotification({
    conversationId,
    // CM-2.1: a name only from an explicit link or the sender's own profile, never a guessed match.
    customerName: conversation.customerName ?? conversation.displayName ?? `+${conversation.externalIdentity}`,
    preview: latest ? (latest.type === "text" ? latest.body : `[${latest.type}]`) : null,
    reason,
  });
  const payload = JSON.stringify(notification);

  const results = await Promise.all(
    devices.map((device) =>
      sendToDevice({ device, payload, vapid, conversationId, timeoutMs: options.timeoutMs ?? 5_000 }),
    ),
  );
  let delivered = 0;
  let removed = 0;
  let failed = 0;
  for (const [index, result] of results.entries()) {
    const device = devices[index]!;
    if (result === "delivered") {
      delivered++;
      await db
        .update(pushSubscriptions)
        .set({ lastSentAt: new Date() })
        .where(and(eq(pushSubscriptions.id, device.id), eq(pushSubscriptions.instructorId, instructorId)));
    } else if (result === "gone") {
      removed++;
      await db
        .delete(pushSubscriptions)
        .where(
          and(
            eq(pushSubscriptions.id, device.id),
            eq(pushSubscriptions.instructorId, instructorId),
            eq(pushSubscriptions.endpoint, device.endpoint),
          ),
        );
    } else failed++;
  }
  return { outcome: "sent", notification, delivered, removed, failed };
}

async function sendToDevice({
  device,
  payload,
  vapid,
  conversationId,
  timeoutMs,
}: {
  device: typeof pushSubscriptions.$inferSelect;
  payload: string;
  vapid: VapidIdentity;
  conversationId: string;
  timeoutMs: number;
}): Promise<"delivered" | "gone" | "failed"> {
  try {
    const request = webpush.generateRequestDetails(
      { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
      payload,
      {
        vapidDetails: vapid,
        TTL: PUSH_TTL_SECONDS,
        urgency: "high",
        // A push still queued at the push service for this conversation is replaced by the newer one.
        topic: conversationId.replaceAll("-", ""),
        contentEncoding: "aes128gcm",
      },
    );
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body ? new Uint8Array(request.body as Buffer) : null,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return "delivered";
    if (response.status === 404 || response.status === 410) return "gone";
    logger.warn({ status: response.status, deviceId: device.id }, "push service refused a notification");
    return "failed";
  } catch (error) {
    logger.warn(
      { deviceId: device.id, error: error instanceof Error ? error.name : "unknown" },
      "push notification could not be sent",
    );
    return "failed";
  }
}

/**
 * For callers that must not wait or fail (after a draft is finalized): runs detached, logs and
 * swallows every error.
 */
export function notifyConversationAfterCommit(args: { instructorId: string; conversationId: string }): void {
  void notifyConversation(args).then(
    (result) => {
      if (result.outcome === "sent")
        logger.debug(
          { ...args, delivered: result.delivered, removed: result.removed, failed: result.failed },
          "push notification sent",
        );
    },
    // Only the error's name and code: a driver error's message carries SQL and its parameters.
    (error: unknown) => logger.warn({ ...args, error: errorName(error) }, "push notification failed"),
  );
}

function errorName(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const name = error instanceof Error ? error.name : "unknown";
  return typeof cause?.code === "string" ? `${name} (${cause.code})` : name;
}
