import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import { E2E_SECRETS } from "./e2e-env";

export const DEMO = {
  giulia: { email: "giulia@demo.inbox", password: "demo-password", phoneNumberId: "100000000000001" },
  lukas: { email: "lukas@demo.inbox", password: "demo-password", phoneNumberId: "100000000000002" },
} as const;

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
}

/** X-Hub-Signature-256 of a raw body with the e2e server's app secret. */
export function signBody(body: string): string {
  return `sha256=${createHmac("sha256", E2E_SECRETS.WHATSAPP_APP_SECRET).update(body).digest("hex")}`;
}

/** A WhatsApp text delivery as the Cloud API sends it. */
export function textDelivery({
  phoneNumberId,
  from,
  text,
  id,
  name,
}: {
  phoneNumberId: string;
  from: string;
  text: string;
  id: string;
  name?: string;
}) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WHATSAPP_BUSINESS_ACCOUNT_ID",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000000", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: name ?? "Test Customer" }, wa_id: from }],
              messages: [
                { from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** A conversation as the inbox list (GET /api/conversations) shows it. */
export interface InboxListItem {
  id: string;
  displayName: string | null;
  waId: string | null;
  unreadCount: number;
}

/**
 * Waits until a delivery the webhook answered 200 is filed: the webhook only stores it as a job, and the
 * server's worker files it a moment later. Polls what the signed-in instructor's inbox itself reads over
 * HTTP (the conversations list, every page, then the thread) until the sender's conversation holds the
 * message with this wamid, and returns that conversation. `request` must be signed in as the instructor
 * whose number the delivery was sent to.
 */
export async function waitUntilFiled(
  request: APIRequestContext,
  { from, wamid }: { from: string; wamid: string },
  { timeout = 15_000 }: { timeout?: number } = {},
): Promise<InboxListItem> {
  let filed: InboxListItem | undefined;
  await expect
    .poll(
      async () => {
        filed = undefined;
        let cursor: string | null = null;
        do {
          const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
          const list = await request.get(`/api/conversations?filter=all&limit=100${query}`);
          expect(list.status()).toBe(200);
          const page = (await list.json()) as { items: InboxListItem[]; nextCursor: string | null };
          const conversation = page.items.find((c) => c.waId === from);
          if (conversation) {
            const thread = await request.get(`/api/conversations/${conversation.id}`);
            expect(thread.status()).toBe(200);
            const { messages } = (await thread.json()) as { messages: { externalMessageId: string | null }[] };
            if (messages.some((m) => m.externalMessageId === wamid)) filed = conversation;
            return filed !== undefined;
          }
          cursor = page.nextCursor;
        } while (cursor);
        return false;
      },
      { message: `the delivery ${wamid} from ${from} was not filed into the inbox`, timeout },
    )
    .toBe(true);
  return filed!;
}
