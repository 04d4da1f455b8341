import "server-only";
import { env } from "@/server/env";

/** The queue's job kind for drafting a conversation's turn (own file: ingestion imports it without the drafter). */
export const DRAFT_TURN_JOB = "draft_turn";

/**
 * The debounce of the drafting job an inbound message queues (DRAFT_DEBOUNCE_MS, DRAFT_DEBOUNCE_MAX_MS):
 * the turn is drafted once its customer paused, not once per message of a burst. Read at each call (tests
 * change it). An instructor's own request for a fresh proposal and the sweep are not debounced.
 */
export function inboundDraftDebounce(): { delayMs: number; maxDelayMs: number } | undefined {
  const delayMs = env.DRAFT_DEBOUNCE_MS;
  return delayMs > 0 ? { delayMs, maxDelayMs: Math.max(delayMs, env.DRAFT_DEBOUNCE_MAX_MS) } : undefined;
}
