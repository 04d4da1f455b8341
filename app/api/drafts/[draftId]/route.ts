/** PATCH /api/drafts/:id {text}: save the instructor's edit (sends nothing). */
import { editDraft } from "@/db/sending/edit-draft";
import { signedInRoute } from "@/server/signed-in-route";
import { editDraftSchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const PATCH = signedInRoute({
  name: "PATCH /api/drafts/:draftId",
  body: editDraftSchema,
  handler: ({ signedIn, instructorId, params, body }) =>
    editDraft({ instructorId, userId: signedIn.userId, draftId: params.draftId, text: body.text }),
});
