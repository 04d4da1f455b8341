/** POST /api/media/:id/retry: fetch a file that could not be loaded again (the owner only). */
import { retryMediaFetch } from "@/db/media/inbound-media";
import { requireSignedInApi } from "@/lib/auth-session";
import { isUuid } from "@/lib/validation/is-uuid";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ mediaId: string }> }): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const { mediaId } = await params;
  if (!isUuid(mediaId)) return notFoundResponse();
  const result = await retryMediaFetch({ instructorId: signedIn.instructor.id, userId: signedIn.userId, mediaFileId: mediaId });
  return Response.json(result, { status: result.kind === "queued" ? 202 : result.kind === "not_found" ? 404 : 409 });
}
