/** POST /api/drafts/:id/reject {reason?}: reject a draft (compare-and-set; nothing is sent). */
import { rejectDraft } from "@/db/sending/reject-draft";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { rejectDraftSchema } from "@/lib/validation/inbox";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/drafts/:draftId/reject",
  async (request: Request, { params }: { params: Promise<{ draftId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { draftId } = await params;
    const parsed = await parseJsonBody(request, rejectDraftSchema);
    if (!parsed.ok) return parsed.response;
    const result = await rejectDraft({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      draftId,
      reason: parsed.data.reason ?? null,
    });
    return resultResponse(result);
  },
);
