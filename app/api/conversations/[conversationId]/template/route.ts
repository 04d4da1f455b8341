/** POST /api/conversations/:id/template {templateId, values, idempotencyKey}: send an approved template once per key. */
import { sendTemplateMessage } from "@/db/sending/send-template-message";
import { requireSignedInApi } from "@/server/auth-session";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { templateSendSchema } from "@/lib/validation/templates-and-media";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/template",
  async (request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const parsed = await parseJsonBody(request, templateSendSchema);
    if (!parsed.ok) return parsed.response;
    const result = await sendTemplateMessage({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      conversationId,
      ...parsed.data,
    });
    return resultResponse(result);
  },
);
