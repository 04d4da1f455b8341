/** DELETE /api/push/devices/:id: this device stops receiving notifications. 404 if not this instructor's. */
import { removePushDevice } from "@/db/push/subscriptions";
import { requireSignedInApi } from "@/server/auth-session";
import { isUuid } from "@/lib/validation/is-uuid";
import { notFoundResponse } from "@/lib/validation/parse-request";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ deviceId: string }> };

export const DELETE = apiRoute(
  "DELETE /api/push/devices/:deviceId",
  async (_request: Request, { params }: Params): Promise<Response> => {
    const signedIn = await requireSignedInApi();
    if (signedIn instanceof Response) return signedIn;
    const { deviceId } = await params;
    if (!isUuid(deviceId)) return notFoundResponse();
    const removed = await removePushDevice({ instructorId: signedIn.instructor.id, id: deviceId });
    return removed ? new Response(null, { status: 204 }) : notFoundResponse();
  },
);
