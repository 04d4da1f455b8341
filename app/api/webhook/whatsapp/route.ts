/**
 * POST /api/webhook/whatsapp (TA-3 ingestion) and GET (Meta's verification handshake).
 * Thin: the work is in ./handle-whatsapp-webhook.ts, with the app's database and environment.
 */
import { handleWhatsappWebhookGet, handleWhatsappWebhookPost } from "./handle-whatsapp-webhook";

export const runtime = "nodejs";

export function GET(request: Request): Response {
  return handleWhatsappWebhookGet(request);
}

export function POST(request: Request): Promise<Response> {
  return handleWhatsappWebhookPost(request);
}
