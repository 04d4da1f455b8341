/**
 * POST /api/conversations/:id/draft: the instructor asks for a fresh proposal for the open turn (offered
 * when the customer wrote again after an edit; never done without this click). Queues the drafting job;
 * the edited draft is replaced only when the new proposal is written.
 */
import { getConversation } from "@/db/queries/conversations";
import { enqueueTurnDraft } from "@/db/orchestration/enqueue-turn-draft";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/conversations/:conversationId/draft",
  async (_request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { conversationId } = await params;
    const instructorId = signedIn.instructor.id;
    if (!(await getConversation({ instructorId, conversationId }))) return notFoundResponse();
    await enqueueTurnDraft({ instructorId, conversationId, fresh: true });
    return Response.json({ kind: "ok", ok: true, message: "A fresh proposal is being prepared." });
  },
);
