/** GET /api/push/devices (this instructor's devices that receive notifications), POST (add this browser). */
import { headers } from "next/headers";
import { listPushDevices, savePushSubscription } from "@/db/push/subscriptions";
import { vapid } from "@/server/env";
import { deviceLabelFromUserAgent } from "@/lib/push/device-label";
import { pushSubscriptionSchema } from "@/lib/push/push-schemas";
import { parseJsonBody } from "@/lib/validation/parse-request";
import { statusForKind } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({
  name: "GET /api/push/devices",
  handler: async ({ instructorId }) => {
    const devices = await listPushDevices({ instructorId });
    return Response.json({ configured: vapid !== null, publicKey: vapid?.publicKey ?? null, devices });
  },
});

export const POST = signedInRoute({
  name: "POST /api/push/devices",
  handler: async ({ request, instructorId }) => {
    // Before the body: a server without VAPID keys says so whatever was sent.
    if (!vapid)
      return Response.json(
        { kind: "not_configured", message: "Notifications are not configured on this server." },
        { status: statusForKind("not_configured") },
      );
    const parsed = await parseJsonBody(request, pushSubscriptionSchema);
    if (!parsed.ok) return parsed.response;
    const device = await savePushSubscription({
      instructorId,
      subscription: parsed.data,
      deviceLabel: deviceLabelFromUserAgent((await headers()).get("user-agent")),
    });
    return Response.json(device, { status: 201 });
  },
});
