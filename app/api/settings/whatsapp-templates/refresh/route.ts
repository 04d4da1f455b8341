/** POST /api/settings/whatsapp-templates/refresh: reload the approved templates from WhatsApp. */
import { refreshTemplates } from "@/db/templates/whatsapp-templates";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

export const POST = signedInRoute({
  name: "POST /api/settings/whatsapp-templates/refresh",
  handler: ({ signedIn, instructorId }) => refreshTemplates({ instructorId, userId: signedIn.userId }),
});
