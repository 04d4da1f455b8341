/** PATCH /api/drafts/:id {text}: save the instructor's edit (sends nothing). */
import { editDraft } from "@/db/sending/edit-draft";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { editDraftSchema } from "@/lib/validation/inbox";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(
  "PATCH /api/drafts/:draftId",
  async (request: Request, { params }: { params: Promise<{ draftId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { draftId } = await params;
    const parsed = await parseJsonBody(request, editDraftSchema);
    if (!parsed.ok) return parsed.response;
    const result = await editDraft({
      instructorId: signedIn.instructor.id,
      userId: signedIn.userId,
      draftId,
      text: parsed.data.text,
    });
    return resultResponse(result);
  },
);
