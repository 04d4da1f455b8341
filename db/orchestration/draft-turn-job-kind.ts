/** The queue's job kind for drafting a conversation's turn (own file: ingestion imports it without the drafter). */
export const DRAFT_TURN_JOB = "draft_turn";
