/** POST /api/drafts/:id/approve {text?}: approve (optionally edited) and send, exactly once (compare-and-set). */
import { approveAndSendDraft } from "@/db/sending/approve-and-send-draft";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { approveDraftSchema } from "@/lib/validation/inbox";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/drafts/:draftId/approve",
  async (request: Request, { params }: { params: Promise<{ draftId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { draftId } = await params;
    const parsed = await parseJsonBody(request, approveDraftSchema);
    if (!parsed.ok) return parsed.response;
    const result = await approveAndSendDraft({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      draftId,
      text: parsed.data.text,
    });
    return resultResponse(result);
  },
);
