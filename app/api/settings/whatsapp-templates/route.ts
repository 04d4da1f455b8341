/** GET /api/settings/whatsapp-templates (account id, cache size and age); PUT {businessAccountId}. */
import { getTemplateSettings, setBusinessAccountId } from "@/db/templates/whatsapp-templates";
import { requireSignedInApi } from "@/lib/auth-session";
import { businessAccountSchema } from "@/lib/validation/templates-and-media";
import { notFoundResponse, parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const settings = await getTemplateSettings({ instructorId: signedIn.instructor.id });
  return settings ? Response.json(settings) : notFoundResponse();
}

export async function PUT(request: Request): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, businessAccountSchema);
  if (!parsed.ok) return parsed.response;
  const result = await setBusinessAccountId({ instructorId: signedIn.instructor.id, userId: signedIn.userId, businessAccountId: parsed.data.businessAccountId });
  return Response.json(result, { status: result.kind === "saved" ? 200 : 404 });
}
