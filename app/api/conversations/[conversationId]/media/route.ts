/** POST /api/conversations/:id/media (multipart: file, caption?, idempotencyKey): a photo or document reply, sent once per key. */
import { z } from "zod";
import { sendMediaMessage } from "@/db/sending/send-media-message";
import { AppError } from "@/lib/http/api-errors";
import { signedInRoute } from "@/server/signed-in-route";

export const dynamic = "force-dynamic";

const fieldsSchema = z.object({
  caption: z.string().max(1024).optional(),
  idempotencyKey: z.string().trim().min(8).max(200),
});
// Documents may be 100 MB on WhatsApp, but the request proxy buffers (and past that silently cuts)
// bodies at 10 MB: a larger request is refused here instead of arriving truncated.
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export const POST = signedInRoute({
  name: "POST /api/conversations/:conversationId/media",
  handler: async ({ request, signedIn, instructorId, params: { conversationId } }) => {
    const declared = Number(request.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES)
      return new AppError("payload_too_large", "The file is too large to attach here (at most 10 MB).").toResponse();
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return new AppError("invalid", "Expected a form with a file.").toResponse();
    }
    const file = form.get("file");
    const fields = fieldsSchema.safeParse({
      caption: form.get("caption") ?? undefined,
      idempotencyKey: form.get("idempotencyKey"),
    });
    if (!(file instanceof File) || !fields.success)
      return new AppError(
        "invalid",
        !(file instanceof File) ? "Choose a file to attach." : "The form is incomplete.",
      ).toResponse();
    return sendMediaMessage({
      instructorId,
      userId: signedIn.userId,
      conversationId,
      file: { bytes: Buffer.from(await file.arrayBuffer()), mimeType: file.type, fileName: file.name },
      caption: fields.data.caption ?? null,
      idempotencyKey: fields.data.idempotencyKey,
    });
  },
});
