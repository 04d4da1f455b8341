/** POST /api/conversations/:id/template {templateId, values, idempotencyKey}: send an approved template once per key. */
import { sendTemplateMessage } from "@/db/sending/send-template-message";
import { signedInRoute } from "@/server/signed-in-route";
import { templateSendSchema } from "@/lib/validation/templates-and-media";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/template",
  body: templateSendSchema,
  handler: ({ signedIn, instructorId, params, body }) =>
    sendTemplateMessage({ instructorId, userId: signedIn.userId, conversationId: params.conversationId, ...body }),
});
