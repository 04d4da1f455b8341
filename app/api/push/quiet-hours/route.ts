/** GET /api/push/quiet-hours, PUT: the daily window without notifications, in the instructor's time zone. */
import { getPushPreferences, savePushPreferences, type PushPreferencesView } from "@/db/push/subscriptions";
import { requireSignedInApi } from "@/server/auth-session";
import { quietHoursSchema } from "@/lib/push/push-schemas";
import { clockToMinute, minuteToClock } from "@/lib/push/quiet-hours";
import { parseJsonBody } from "@/lib/validation/parse-request";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

const view = (p: PushPreferencesView) => ({
  enabled: p.enabled,
  start: minuteToClock(p.startMinute),
  end: minuteToClock(p.endMinute),
});

export const GET = apiRoute("GET /api/push/quiet-hours", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  return Response.json(view(await getPushPreferences({ instructorId: signedIn.instructor.id })));
});

export const PUT = apiRoute("PUT /api/push/quiet-hours", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const parsed = await parseJsonBody(request, quietHoursSchema);
  if (!parsed.ok) return parsed.response;
  const { enabled, start, end } = parsed.data;
  const saved = await savePushPreferences({
    instructorId: signedIn.instructor.id,
    preferences: { enabled, startMinute: clockToMinute(start)!, endMinute: clockToMinute(end)! },
  });
  return Response.json(view(saved));
});
