/** GET /api/push/devices (this instructor's devices that receive notifications), POST (add this browser). */
import { headers } from "next/headers";
import { listPushDevices, savePushSubscription } from "@/db/push/subscriptions";
import { requireSignedInApi } from "@/server/auth-session";
import { vapid } from "@/server/env";
import { deviceLabelFromUserAgent } from "@/lib/push/device-label";
import { pushSubscriptionSchema } from "@/lib/push/push-schemas";
import { parseJsonBody } from "@/lib/validation/parse-request";
import { statusForKind } from "@/lib/http/api-errors";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/push/devices", async (): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const devices = await listPushDevices({ instructorId: signedIn.instructor.id });
  return Response.json({ configured: vapid !== null, publicKey: vapid?.publicKey ?? null, devices });
});

export const POST = apiRoute("POST /api/push/devices", async (request: Request): Promise<Response> => {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  if (!vapid)
    return Response.json(
      { kind: "not_configured", message: "Notifications are not configured on this server." },
      { status: statusForKind("not_configured") },
    );
  const parsed = await parseJsonBody(request, pushSubscriptionSchema);
  if (!parsed.ok) return parsed.response;
  const device = await savePushSubscription({
    instructorId: signedIn.instructor.id,
    subscription: parsed.data,
    deviceLabel: deviceLabelFromUserAgent((await headers()).get("user-agent")),
  });
  return Response.json(device, { status: 201 });
});
