/** GET /api/push/devices (this instructor's devices that receive notifications), POST (add this browser). */
import { headers } from "next/headers";
import { listPushDevices, savePushSubscription } from "@/db/push/subscriptions";
import { requireSignedInApi } from "@/lib/auth-session";
import { vapid } from "@/lib/env";
import { deviceLabelFromUserAgent } from "@/lib/push/device-label";
import { pushSubscriptionSchema } from "@/lib/push/push-schemas";
import { parseJsonBody } from "@/lib/validation/parse-request";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const devices = await listPushDevices({ instructorId: signedIn.instructor.id });
  return Response.json({ configured: vapid !== null, publicKey: vapid?.publicKey ?? null, devices });
}

export async function POST(request: Request): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  if (!vapid) return Response.json({ kind: "unavailable", message: "Notifications are not configured on this server." }, { status: 503 });
  const parsed = await parseJsonBody(request, pushSubscriptionSchema);
  if (!parsed.ok) return parsed.response;
  const device = await savePushSubscription({
    instructorId: signedIn.instructor.id,
    subscription: parsed.data,
    deviceLabel: deviceLabelFromUserAgent((await headers()).get("user-agent")),
  });
  return Response.json(device, { status: 201 });
}
