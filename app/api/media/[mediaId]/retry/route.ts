/** POST /api/media/:id/retry: fetch a file that could not be loaded again (the owner only). */
import { retryMediaFetch } from "@/db/media/inbound-media";
import { signedInRoute } from "@/server/signed-in-route";
import { isUuid } from "@/lib/validation/is-uuid";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/media/:mediaId/retry",
  handler: async ({ signedIn, instructorId, params: { mediaId } }) => {
    if (!isUuid(mediaId)) return notFoundResponse();
    return retryMediaFetch({ instructorId, userId: signedIn.userId, mediaFileId: mediaId });
  },
});
