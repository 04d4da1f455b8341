/** POST /api/settings/whatsapp-templates/refresh: reload the approved templates from WhatsApp. */
import { refreshTemplates } from "@/db/templates/whatsapp-templates";
import { requireSignedInApi } from "@/lib/auth-session";

export const dynamic = "force-dynamic";

const STATUS = { refreshed: 200, not_configured: 409, failed: 502, not_found: 404 } as const;

export async function POST(): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const result = await refreshTemplates({ instructorId: signedIn.instructor.id, userId: signedIn.userId });
  return Response.json(result, { status: STATUS[result.kind] });
}
