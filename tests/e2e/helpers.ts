import { expect, type Page } from "@playwright/test";
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
