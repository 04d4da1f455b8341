/**
 * Whether a drafting run replaces the conversation's current draft, keeps it, or has nothing to draft,
 * and which of the turn's messages the drafter reads. Pure: the orchestrator loads the turn and the
 * current draft, and writes what this decides.
 */
import type { DraftState } from "@/lib/vocabulary";
import { turnMessageRole } from "./asks-nothing";

/** States in which a human has touched the draft: the drafter never replaces it within its turn. */
export const HUMAN_DRAFT_STATES: readonly DraftState[] = ["edited", "approved", "sending", "send_failed", "unknown"];

export interface RedraftMessage {
  id: string;
  /** WhatsApp message type (text, reaction, sticker, image…). */
  type: string;
  body: string | null;
}

export interface RedraftInput<M extends RedraftMessage> {
  /** The open turn, oldest first (empty when the instructor has answered or dismissed it). */
  turn: M[];
  /** The conversation's current draft: its id, the message it answered and its state. */
  current: { id: string; messageId: string; state: DraftState } | null;
  /** The instructor asked for a fresh proposal: replace even an edited draft of this turn. */
  fresh?: boolean;
}

export type TurnRedraft<M> =
  /** No open turn; `closeCurrent`: the current draft is a machine proposal for a closed turn, now stale. */
  | { action: "skip"; closeCurrent: boolean }
  | { action: "keep"; draftId: string; reason: "up to date" | "new messages ask nothing" | "edited by the instructor" }
  /** Draft the turn from `messages` (the turn as the drafter reads it). */
  | { action: "draft"; messages: M[] };

/**
 * One current draft per conversation:
 * - the current draft covers the newest message → keep it (a retried job calls no model);
 * - the instructor edited/approved it → keep it (the panel offers a fresh proposal), unless `fresh`;
 * - newer messages that ask nothing (👍, "ok", thanks, a sticker, a photo) → the pending answer stays;
 * - otherwise → draft the whole turn.
 */
export function decideTurnRedraft<M extends RedraftMessage>({
  turn,
  current,
  fresh = false,
}: RedraftInput<M>): TurnRedraft<M> {
  const human = current !== null && HUMAN_DRAFT_STATES.includes(current.state);
  // The instructor answered (or dismissed): a machine proposal for the closed turn is stale.
  if (turn.length === 0) return { action: "skip", closeCurrent: current !== null && !human };

  const roles = turn.map((m) => turnMessageRole({ type: m.type, text: m.body }));
  // A current draft whose message lies before the open turn belongs to a turn the instructor closed
  // (a reply went out): it is replaced, whatever its state.
  const basisIndex = current ? turn.findIndex((m) => m.id === current.messageId) : -1;
  if (current && basisIndex >= 0 && !fresh) {
    const newerRoles = roles.slice(basisIndex + 1);
    const keep = (reason: "up to date" | "new messages ask nothing" | "edited by the instructor") => ({
      action: "keep" as const,
      draftId: current.id,
      reason,
    });
    if (newerRoles.length === 0) return keep("up to date");
    if (human) return keep("edited by the instructor");
    if (newerRoles.every((role) => role !== "asks")) return keep("new messages ask nothing");
  }

  // When something in the turn asks, messages that ask nothing are left out (a "merci" after a price
  // question must not turn the answer into a thank-you); photos and locations stay as context.
  const asking = roles.includes("asks");
  return { action: "draft", messages: turn.filter((_, i) => !asking || roles[i] !== "nothing") };
}
