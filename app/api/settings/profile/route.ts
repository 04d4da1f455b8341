/** GET /api/settings/profile, PUT (the whole profile, zod-validated, compare-and-set on `version`, audited). */
import { getInstructorProfile, updateInstructorProfile } from "@/db/queries/instructor-profile";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { updateProfileSchema } from "@/lib/validation/instructor-profile";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/settings/profile", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const view = await getInstructorProfile({ instructorId: signedIn.instructor.id });
  return view ? Response.json(view) : notFoundResponse();
});

export const PUT = apiRoute("PUT /api/settings/profile", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, updateProfileSchema);
  if (!parsed.ok) return parsed.response;
  const { version, profile } = parsed.data;
  const result = await updateInstructorProfile({
    instructorId: signedIn.instructor.id,
    userId: signedIn.userId,
    version,
    profile,
  });
  return resultResponse(result);
});
