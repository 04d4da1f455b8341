import "server-only";
import { env } from "@/server/env";

/** How to reach the Graph API. Injectable so tests point it at a fake server on loopback. */
export interface SendConfig {
  /** WHATSAPP_GRAPH_URL, with the version ("https://graph.facebook.com/v23.0"). */
  graphUrl: string;
  /** WHATSAPP_ACCESS_TOKEN; unset means sending is not configured. */
  accessToken: string | undefined;
  /** WHATSAPP_SEND_TIMEOUT_MS. */
  timeoutMs: number;
}

export function sendConfigFromEnv(): SendConfig {
  return {
    graphUrl: env.WHATSAPP_GRAPH_URL,
    accessToken: env.WHATSAPP_ACCESS_TOKEN,
    timeoutMs: env.WHATSAPP_SEND_TIMEOUT_MS,
  };
}
