/** POST /api/drafts/:id/reject {reason?}: reject a draft (compare-and-set; nothing is sent). */
import { rejectDraft } from "@/db/sending/reject-draft";
import { signedInRoute } from "@/server/signed-in-route";
import { rejectDraftSchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/drafts/:draftId/reject",
  body: rejectDraftSchema,
  handler: ({ signedIn, instructorId, params, body }) =>
    rejectDraft({ instructorId, userId: signedIn.userId, draftId: params.draftId, reason: body.reason ?? null }),
});
