/** GET /api/push/quiet-hours, PUT: the daily window without notifications, in the instructor's time zone. */
import { getPushPreferences, savePushPreferences, type PushPreferencesView } from "@/db/push/subscriptions";
import { quietHoursSchema } from "@/lib/push/push-schemas";
import { clockToMinute, minuteToClock } from "@/lib/push/quiet-hours";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

const view = (p: PushPreferencesView) => ({
  enabled: p.enabled,
  start: minuteToClock(p.startMinute),
  end: minuteToClock(p.endMinute),
});

export const GET = signedInRoute({
  name: "GET /api/push/quiet-hours",
  handler: async ({ instructorId }) => Response.json(view(await getPushPreferences({ instructorId }))),
});

export const PUT = signedInRoute({
  name: "PUT /api/push/quiet-hours",
  body: quietHoursSchema,
  handler: async ({ instructorId, body: { enabled, start, end } }) => {
    const saved = await savePushPreferences({
      instructorId,
      preferences: { enabled, startMinute: clockToMinute(start)!, endMinute: clockToMinute(end)! },
    });
    return Response.json(view(saved));
  },
});
