import "server-only";

export interface OrchestrateInboundDraftArgs {
  instructorId: string;
  /** The `messages.id` of the committed inbound message. */
  messageId: string;
}

/**
 * TA-3 step 5: classification + confidence policy + optional draft, idempotent per message.
 * PLACEHOLDER: the draft-orchestration work (issue 5) replaces this body.
 */
export async function orchestrateInboundDraft(_args: OrchestrateInboundDraftArgs): Promise<void> {
  throw new Error("orchestrateInboundDraft is not implemented yet");
}
