/** POST /api/media/:id/retry: fetch a file that could not be loaded again (the owner only). */
import { retryMediaFetch } from "@/db/media/inbound-media";
import { requireSignedInApi } from "@/server/auth-session";
import { AppError, resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { isUuid } from "@/lib/validation/is-uuid";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  "POST /api/media/:mediaId/retry",
  async (_request: Request, { params }: { params: Promise<{ mediaId: string }> }): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { mediaId } = await params;
    if (!isUuid(mediaId)) return new AppError("not_found").toResponse();
    return resultResponse(
      await retryMediaFetch({ instructorId: signedIn.instructor.id, userId: signedIn.userId, mediaFileId: mediaId }),
    );
  },
);
