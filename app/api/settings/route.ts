/** GET /api/settings, PATCH (compare-and-set on `version`, audited). The phone_number_id is read-only. */
import { getSettings, updateSettings } from "@/db/queries/settings";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { requireSignedInApi } from "@/server/auth-session";
import { updateSettingsSchema } from "@/lib/validation/inbox";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/settings", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const settings = await getSettings({ instructorId: signedIn.instructor.id });
  return settings ? Response.json(settings) : notFoundResponse();
});

export const PATCH = apiRoute("PATCH /api/settings", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, updateSettingsSchema);
  if (!parsed.ok) return parsed.response;
  const { version, ...settings } = parsed.data;
  const result = await updateSettings({
    instructorId: signedIn.instructor.id,
    userId: signedIn.userId,
    version,
    settings,
  });
  return resultResponse(result);
});
