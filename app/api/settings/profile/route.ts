/** GET /api/settings/profile, PUT (the whole profile, zod-validated, compare-and-set on `version`, audited). */
import { getInstructorProfile, updateInstructorProfile } from "@/db/queries/instructor-profile";
import { signedInRoute } from "@/server/signed-in-route";
import { updateProfileSchema } from "@/lib/validation/instructor-profile";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/settings/profile",
  handler: async ({ instructorId }) => {
    const view = await getInstructorProfile({ instructorId });
    return view ? Response.json(view) : notFoundResponse();
  },
});

export const PUT = signedInRoute({
  name: "PUT /api/settings/profile",
  body: updateProfileSchema,
  handler: ({ signedIn, instructorId, body: { version, profile } }) =>
    updateInstructorProfile({ instructorId, userId: signedIn.userId, version, profile }),
});
