/** GET /api/settings, PATCH (compare-and-set on `version`, audited). The phone_number_id is read-only. */
import { getSettings, updateSettings } from "@/db/queries/settings";
import { signedInRoute } from "@/server/signed-in-route";
import { updateSettingsSchema } from "@/lib/validation/inbox";
import { notFoundResponse } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/settings",
  handler: async ({ instructorId }) => {
    const settings = await getSettings({ instructorId });
    return settings ? Response.json(settings) : notFoundResponse();
  },
});

export const PATCH = signedInRoute({
  name: "PATCH /api/settings",
  body: updateSettingsSchema,
  handler: ({ signedIn, instructorId, body: { version, ...settings } }) =>
    updateSettings({ instructorId, userId: signedIn.userId, version, settings }),
});
