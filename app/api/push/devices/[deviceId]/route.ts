/** DELETE /api/push/devices/:id: this device stops receiving notifications. 404 if not this instructor's. */
import { removePushDevice } from "@/db/push/subscriptions";
import { isUuid } from "@/lib/validation/is-uuid";
import { notFoundResponse } from "@/lib/validation/parse-request";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

export const DELETE = signedInRoute({
  name: "DELETE /api/push/devices/:deviceId",
  handler: async ({ instructorId, params: { deviceId } }) => {
    if (!isUuid(deviceId)) return notFoundResponse();
    const removed = await removePushDevice({ instructorId, id: deviceId });
    return removed ? new Response(null, { status: 204 }) : notFoundResponse();
  },
});
