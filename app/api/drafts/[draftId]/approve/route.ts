/** POST /api/drafts/:id/approve {text?}: approve (optionally edited) and send, exactly once (compare-and-set). */
import { approveAndSendDraft } from "@/db/sending/approve-and-send-draft";
import { signedInRoute } from "@/server/signed-in-route";
import { approveDraftSchema } from "@/lib/validation/inbox";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/drafts/:draftId/approve",
  body: approveDraftSchema,
  handler: ({ signedIn, instructorId, params, body }) =>
    approveAndSendDraft({ instructorId, userId: signedIn.userId, draftId: params.draftId, text: body.text }),
});
