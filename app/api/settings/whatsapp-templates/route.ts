/** GET /api/settings/whatsapp-templates (account id, cache size and age); PUT {businessAccountId}. */
import { getTemplateSettings, setBusinessAccountId } from "@/db/templates/whatsapp-templates";
import { requireSignedInApi } from "@/server/auth-session";
import { AppError, resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";
import { businessAccountSchema } from "@/lib/validation/templates-and-media";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/settings/whatsapp-templates", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const settings = await getTemplateSettings({ instructorId: signedIn.instructor.id });
  return settings ? Response.json(settings) : new AppError("not_found").toResponse();
});

export const PUT = apiRoute("PUT /api/settings/whatsapp-templates", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, businessAccountSchema);
  if (!parsed.ok) return parsed.response;
  const result = await setBusinessAccountId({
    instructorId: signedIn.instructor.id,
    userId: signedIn.userId,
    businessAccountId: parsed.data.businessAccountId,
  });
  return resultResponse(result);
});
