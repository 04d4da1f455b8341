/** POST /api/settings/whatsapp-templates/refresh: reload the approved templates from WhatsApp. */
import { refreshTemplates } from "@/db/templates/whatsapp-templates";
import { requireSignedInApi } from "@/server/auth-session";
import { resultResponse } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const POST = apiRoute("POST /api/settings/whatsapp-templates/refresh", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  return resultResponse(await refreshTemplates({ instructorId: signedIn.instructor.id, userId: signedIn.userId }));
});
