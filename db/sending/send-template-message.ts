import "server-only";
import { getTemplate } from "@/db/templates/whatsapp-templates";
import { oneLine } from "@/lib/format/one-line";
import {
  buildTemplateMessage,
  mediaHeaderFormat,
  previewText,
  renderTemplate,
  validateTemplateValues,
} from "@/lib/whatsapp/message-templates";
import { isUuid } from "@/lib/validation/is-uuid";
import type { SendConfig } from "./send-config";
import { NOT_FOUND_MESSAGE, type SendReplyResult } from "./send-result";
import { submitOutboundOnce } from "./submit-outbound-once";

export interface SendTemplateMessageArgs {
  instructorId: string;
  userId: string;
  conversationId: string;
  templateId: string;
  /** Variable values by "body:1" / "header:1" / "body:first_name". */
  values: Record<string, string>;
  idempotencyKey: string;
  config?: SendConfig;
  now?: Date;
}

/**
 * Send an approved template (allowed with the 24 h window closed), exactly once per idempotency key,
 * through the same outbound path as every reply. The thread shows the text as WhatsApp renders it.
 */
export async function sendTemplateMessage({
  templateId,
  values,
  ...args
}: SendTemplateMessageArgs): Promise<SendReplyResult> {
  if (!isUuid(args.conversationId) || !isUuid(templateId)) return { kind: "not_found", message: NOT_FOUND_MESSAGE };
  const template = await getTemplate({ instructorId: args.instructorId, templateId });
  if (!template)
    return { kind: "not_found", message: "This template is no longer listed. Refresh the templates and choose again." };
  const like = {
    name: template.name,
    language: template.language,
    parameterFormat: template.parameterFormat,
    components: template.components,
  };
  const problem = validateTemplateValues(like, values);
  if (problem) return { kind: "invalid", message: problem };
  const header = mediaHeaderFormat(like);
  if (header)
    return {
      kind: "invalid",
      message: `This template needs a ${header.toLowerCase()} header, which cannot be attached from here. Choose a template without one.`,
    };
  const body = previewText(renderTemplate(like, values));
  const built = buildTemplateMessage(like, values);
  return submitOutboundOnce({
    ...args,
    body,
    row: { type: "template", summary: oneLine(body), content: { template: built } },
    message: { type: "template", template: built },
    requiresOpenWindow: false,
    auditAction: "template.submitted",
    auditData: { templateName: template.name, language: template.language },
  });
}
