import "server-only";
import { isUuid } from "@/lib/validation/is-uuid";
import { validateReplyText } from "./validate-reply-text";
import type { SendConfig } from "./send-config";
import { NOT_FOUND_MESSAGE, type SendReplyResult } from "./send-result";
import { submitOutboundOnce } from "./submit-outbound-once";

export interface SendManualReplyArgs {
  instructorId: string;
  userId: string;
  conversationId: string;
  body: string;
  /** Chosen by the client once per composed message: a double submit or a retried request sends once. */
  idempotencyKey: string;
  config?: SendConfig;
  now?: Date;
}

/** Send a reply the instructor wrote: a text, exactly once per idempotency key (see submitOutboundOnce). */
export async function sendManualReply({ body, ...args }: SendManualReplyArgs): Promise<SendReplyResult> {
  if (!isUuid(args.conversationId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const problem = validateReplyText(body);
  if (problem) return { kind: "invalid", message: problem };
  return submitOutboundOnce({ ...args, body, requiresOpenWindow: true, auditAction: "message.reply_submitted" });
}
