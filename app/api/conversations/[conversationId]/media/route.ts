/** POST /api/conversations/:id/media (multipart: file, caption?, idempotencyKey): a photo or document reply, sent once per key. */
import { z } from "zod";
import { httpStatusForSendResult } from "@/db/sending/send-result";
import { sendMediaMessage } from "@/db/sending/send-media-message";
import { requireSignedInApi } from "@/lib/auth-session";

export const dynamic = "force-dynamic";

const fieldsSchema = z.object({
  caption: z.string().max(1024).optional(),
  idempotencyKey: z.string().trim().min(8).max(200),
});
// Documents may be 100 MB on WhatsApp, but the request proxy buffers (and past that silently cuts)
// bodies at 10 MB: a larger request is refused here instead of arriving truncated.
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export async function POST(request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const signedIn = await requireSignedInApi();
  if (signedIn instanceof Response) return signedIn;
  const { conversationId } = await params;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES) return Response.json({ kind: "invalid", message: "The file is too large to attach here (at most 10 MB)." }, { status: 413 });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json({ kind: "invalid", message: "Expected a form with a file." }, { status: 400 });
  }
  const file = form.get("file");
  const fields = fieldsSchema.safeParse({ caption: form.get("caption") ?? undefined, idempotencyKey: form.get("idempotencyKey") });
  if (!(file instanceof File) || !fields.success) return Response.json({ kind: "invalid", message: !(file instanceof File) ? "Choose a file to attach." : "The form is incomplete." }, { status: 400 });
  const result = await sendMediaMessage({
    instructorId: signedIn.instructor.id,
    userId: signedIn.userId,
    conversationId,
    file: { bytes: Buffer.from(await file.arrayBuffer()), mimeType: file.type, fileName: file.name },
    caption: fields.data.caption ?? null,
    idempotencyKey: fields.data.idempotencyKey,
  });
  return Response.json(result, { status: httpStatusForSendResult(result) });
}
