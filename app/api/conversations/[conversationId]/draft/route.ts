/**
 * POST /api/conversations/:id/draft: the instructor asks for a fresh proposal for the open turn (offered
 * when the customer wrote again after an edit; never done without this click). Queues the drafting job;
 * the edited draft is replaced only when the new proposal is written.
 */
import { isOwnConversation } from "@/db/queries/customer-link";
import { enqueueTurnDraft } from "@/db/orchestration/enqueue-turn-draft";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/draft",
  owns: ({ instructorId, params }) => isOwnConversation({ instructorId, ...params }),
  handler: async ({ instructorId, params }) => {
    await enqueueTurnDraft({ instructorId, conversationId: params.conversationId, fresh: true });
    return Response.json({ kind: "ok", ok: true, message: "A fresh proposal is being prepared." });
  },
});
