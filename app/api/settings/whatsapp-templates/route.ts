/** GET /api/settings/whatsapp-templates (account id, cache size and age); PUT {businessAccountId}. */
import { getTemplateSettings, setBusinessAccountId } from "@/db/templates/whatsapp-templates";
import { signedInRoute } from "@/server/signed-in-route";
import { businessAccountSchema } from "@/lib/validation/templates-and-media";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/settings/whatsapp-templates",
  handler: async ({ instructorId }) => {
    const settings = await getTemplateSettings({ instructorId });
    return settings ? Response.json(settings) : notFoundResponse();
  },
});

export const PUT = signedInRoute({
  name: "PUT /api/settings/whatsapp-templates",
  body: businessAccountSchema,
  handler: ({ signedIn, instructorId, body }) =>
    setBusinessAccountId({ instructorId, userId: signedIn.userId, businessAccountId: body.businessAccountId }),
});
