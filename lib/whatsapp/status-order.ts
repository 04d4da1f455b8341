/**
 * Outbound message status moves forward only: a late `delivered` never undoes `read`.
 *
 * Order: sending < sent < delivered < read < played. WhatsApp does not guarantee webhook order, and it
 * may skip `delivered` when a message is read at once (Meta, status webhook reference).
 *
 * `failed` (our decision):
 * - it overrides sending / sent / delivered / unknown: the message did not reach the person;
 * - it never overrides `read` or `played`: the person demonstrably saw/heard it, a late failure
 *   (e.g. on another of their devices) does not change that;
 * - once failed, only `read` or `played` move it on (evidence it arrived after all); a late `sent` or
 *   `delivered` does not clear the failure.
 * Re-applying the current status is not a change (so a repeated `failed` is audited once).
 * Pure.
 */
import type { OutboundStatus } from "@/lib/vocabulary";

/** Statuses a WhatsApp status webhook can carry that we track. */
export const WEBHOOK_STATUSES = ["sent", "delivered", "read", "played", "failed"] as const;
export type WebhookStatusName = (typeof WEBHOOK_STATUSES)[number];

export function isWebhookStatusName(value: string): value is WebhookStatusName {
  return (WEBHOOK_STATUSES as readonly string[]).includes(value);
}

const RANK: Record<Exclude<OutboundStatus, "failed">, number> = {
  unknown: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  played: 5,
};

/** Whether an outbound message currently in `current` should move to `next`. */
export function shouldApplyStatus({
  current,
  next,
}: {
  current: OutboundStatus | null;
  next: OutboundStatus;
}): boolean {
  if (current === next) return false;
  if (current === null) return true;
  if (next === "failed") return current !== "read" && current !== "played";
  if (current === "failed") return next === "read" || next === "played";
  return RANK[next] > RANK[current];
}
