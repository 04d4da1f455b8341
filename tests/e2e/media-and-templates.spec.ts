import { expect, test, type Page } from "@playwright/test";
import { randomInt } from "node:crypto";
import { DEMO, signBody, signIn } from "./helpers";

/**
 * Media and templates in Chromium against the e2e server's fake Graph API: media ids choose the fake's
 * file and behaviour (…image… PNG, …voice… Ogg Opus, …failonce… fails its first download, …expired…
 * unknown to Graph), and templates named fake_error_<code> are refused with that code.
 */

function uniqueSender() {
  return { from: `4930${randomInt(10_000_000, 99_999_999)}`, tag: `${Date.now()}${randomInt(1_000_000)}` };
}

async function post(page: Page, phoneNumberId: string, from: string, name: string, message: Record<string, unknown>) {
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000000", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [{ from, ...message }],
            },
          },
        ],
      },
    ],
  });
  const response = await page.request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
  });
  expect(response.status()).toBe(200);
}

async function openConversation(page: Page, name: string) {
  const row = page.getByTestId("conversation-list").getByTestId("conversation-row").filter({ hasText: name });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

test("a photo and a voice note arrive and are shown and playable; a fetch that failed once is retried and shown; another instructor gets 404", async ({
  page,
  browser,
}) => {
  const { from, tag } = uniqueSender();
  const name = `Media ${from.slice(-4)}`;
  await signIn(page, DEMO.giulia);
  const now = String(Math.floor(Date.now() / 1000));
  await post(page, DEMO.giulia.phoneNumberId, from, name, {
    id: `wamid.IMG${tag}`,
    timestamp: now,
    type: "image",
    image: { id: `e2e-image-${tag}`, mime_type: "image/png", caption: "My boots, are they OK?" },
  });
  await post(page, DEMO.giulia.phoneNumberId, from, name, {
    id: `wamid.VOICE${tag}`,
    timestamp: now,
    type: "audio",
    audio: { id: `e2e-voice-${tag}`, mime_type: "audio/ogg; codecs=opus", voice: true },
  });
  await post(page, DEMO.giulia.phoneNumberId, from, name, {
    id: `wamid.RETRY${tag}`,
    timestamp: now,
    type: "image",
    image: { id: `e2e-failonce-image-${tag}`, mime_type: "image/png", caption: "Second try" },
  });
  await post(page, DEMO.giulia.phoneNumberId, from, name, {
    id: `wamid.GONE${tag}`,
    timestamp: now,
    type: "image",
    image: { id: `e2e-expired-${tag}`, mime_type: "image/jpeg" },
  });
  const conversationId = await openConversation(page, name);

  const thread = page.getByTestId("thread-messages");
  const images = thread.getByTestId("media-image");
  await expect(images).toHaveCount(2, { timeout: 30_000 });
  await expect(thread).toContainText("My boots, are they OK?");
  for (const img of await images.all()) {
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
  }
  // Tap to enlarge.
  await images.first().click();
  await expect(page.getByTestId("media-lightbox").first()).toBeVisible();
  await page.getByTestId("media-lightbox").first().getByRole("button", { name: "Close" }).click();

  // The voice note: Chromium reads its length and plays it.
  const audio = thread.getByTestId("media-audio");
  await expect(audio).toHaveCount(1);
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => (el.readyState >= 1 && !el.error ? el.duration : 0)), {
      timeout: 15_000,
    })
    .toBeGreaterThan(1.5);
  await audio.evaluate((el: HTMLAudioElement) => el.play());
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0);

  // The expired id says so, in plain words.
  await expect(thread.getByTestId("media-failed")).toContainText("expire 7 days after the message");

  // The failed-once photo was fetched on the second attempt.
  const data = (await (await page.request.get(`/api/conversations/${conversationId}`)).json()) as {
    messages: { body: string | null; media: { id: string; attempts: number; state: string } | null }[];
  };
  const retried = data.messages.find((m) => m.body === "Second try")!.media!;
  expect(retried).toMatchObject({ state: "stored", attempts: 2 });
  const photo = data.messages.find((m) => m.body === "My boots, are they OK?")!.media!;

  // Served with its type, never sniffed; only to Giulia.
  const own = await page.request.get(`/api/media/${photo.id}`);
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toBe("image/png");
  expect(own.headers()["x-content-type-options"]).toBe("nosniff");
  expect(own.headers()["content-disposition"]).toMatch(/^inline;/);

  const other = await browser.newContext();
  const lukas = await other.newPage();
  await signIn(lukas, DEMO.lukas);
  expect((await lukas.request.get(`/api/media/${photo.id}`)).status()).toBe(404);
  expect((await lukas.request.post(`/api/media/${photo.id}/retry`)).status()).toBe(404);
  await other.close();
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`${new URL(page.url()).origin}/api/media/${photo.id}`)).status()).toBe(401);
  await anonymous.close();
});

test("with the window closed a template is chosen, filled, previewed and sent exactly once; each template error shows its plain-words message", async ({
  page,
}) => {
  await signIn(page, DEMO.lukas);
  try {
    // Settings: the WhatsApp Business Account id and a refresh (an id starting with 9 also lists the fake's error templates).
    await page.goto("/settings");
    await page.getByLabel("WhatsApp Business Account id").fill("900000000016");
    await page.getByRole("button", { name: "Save id" }).click();
    await expect(page.getByTestId("templates-settings-message")).toHaveText("Saved.");
    await page.getByRole("button", { name: "Refresh templates" }).click();
    await expect(page.getByTestId("templates-settings-message")).toHaveText("11 approved templates loaded.");
    await expect(page.getByTestId("templates-cache")).toContainText("11 approved templates");

    // A late delivery: the customer wrote 30 hours ago, so the window is already closed.
    const { from, tag } = uniqueSender();
    const name = `Anna Late${from.slice(-3)}`;
    await page.goto("/inbox");
    await post(page, DEMO.lukas.phoneNumberId, from, name, {
      id: `wamid.LATE${tag}`,
      timestamp: String(Math.floor(Date.now() / 1000) - 30 * 3600),
      type: "text",
      text: { body: "Hello! Is there a sailing lesson free next week?" },
    });
    const conversationId = await openConversation(page, name);
    await expect(page.getByTestId("window-notice")).toContainText("free-form replies are not allowed");

    const picker = page.getByTestId("template-picker");
    await expect(picker).toBeVisible();
    // Proposed for a message that arrived with the window closed, in the customer's language, prefilled.
    await expect(picker.getByTestId("template-suggestion")).toBeVisible({ timeout: 15_000 });
    await expect(picker.getByLabel("Send an approved template")).toHaveValue(/.+/);
    await picker.getByLabel("Send an approved template").selectOption({ label: "lesson_followup · en_US · utility" });
    await expect(picker.getByLabel("Value 1", { exact: true })).toHaveValue("Anna");
    await expect(picker.getByLabel("Value 2", { exact: true })).toHaveValue("Lukas Meier");
    const preview = picker.getByTestId("template-preview");
    await expect(preview).toContainText("Your lesson");
    await expect(preview).toContainText("Hi Anna, this is Lukas Meier.");
    await expect(preview.locator("strong")).toHaveText("Reply to this message");
    await expect(preview).toContainText("Yes please");
    await picker.getByLabel("Value 1", { exact: true }).fill("Anna Maria");
    await expect(preview).toContainText("Hi Anna Maria, this is Lukas Meier.");

    // A double click sends once: one request goes out, and its answer is the one shown.
    const templatePosts: string[] = [];
    const countPost = (request: { method(): string; url(): string }) => {
      if (request.method() === "POST" && request.url().endsWith(`/api/conversations/${conversationId}/template`))
        templatePosts.push(request.url());
    };
    page.on("request", countPost);
    await picker.getByRole("button", { name: "Send template" }).dblclick();
    await expect(picker.getByTestId("template-outcome")).toHaveText("Sent.");
    page.off("request", countPost);
    expect(templatePosts).toHaveLength(1);
    const thread = page.getByTestId("thread-messages");
    const sent = thread.getByTestId("message").filter({ hasText: "Hi Anna Maria, this is Lukas Meier." });
    await expect(sent).toHaveCount(1);
    await expect(sent.getByTestId("message-status")).toHaveAttribute("data-status", /sent|delivered|read/);

    // The same key submitted twice at once (a retried request): one message.
    const templates = (await (await page.request.get(`/api/conversations/${conversationId}/templates`)).json()) as {
      templates: { id: string; name: string; language: string }[];
    };
    const it = templates.templates.find((t) => t.name === "lesson_followup" && t.language === "en_US")!;
    const key = `e2e-twice-${tag}`;
    const request = () =>
      page.request.post(`/api/conversations/${conversationId}/template`, {
        data: { templateId: it.id, values: { "body:1": "Twice", "body:2": "Lukas" }, idempotencyKey: key },
      });
    const answers = await Promise.all([request(), request()]);
    const kinds = (await Promise.all(answers.map((a) => a.json() as Promise<{ kind: string }>)))
      .map((a) => a.kind)
      .sort();
    expect(kinds).toEqual(["already_submitted", "sent"]);
    await expect(thread.getByTestId("message").filter({ hasText: "Hi Twice, this is Lukas." })).toHaveCount(1);

    // Every template error in plain words, with what to do.
    const expected: Record<number, RegExp> = {
      132000: /number of values does not match/,
      132001: /does not exist in this language/,
      132005: /too long for this template/,
      132007: /breaks WhatsApp's formatting rules/,
      132012: /does not have the format the template expects/,
      132015: /paused this template/,
      132016: /disabled this template/,
    };
    for (const [code, words] of Object.entries(expected)) {
      await picker
        .getByLabel("Send an approved template")
        .selectOption({ label: `fake_error_${code} · en_US · utility` });
      await expect(picker.getByLabel("Value 1", { exact: true })).toHaveValue("Anna");
      await picker.getByRole("button", { name: "Send template" }).click();
      const outcome = picker.getByTestId("template-outcome");
      await expect(outcome).toContainText(words);
      await expect(outcome).toContainText(`WhatsApp error ${code}`);
    }

    // Accepted, then a failed status with 131047.
    await picker
      .getByLabel("Send an approved template")
      .selectOption({ label: "fake_status_131047 · en_US · utility" });
    await picker.getByRole("button", { name: "Send template" }).click();
    await expect(picker.getByTestId("template-outcome")).toHaveText("Sent.");
    const later = thread.getByTestId("message").filter({ hasText: "this one fails later" });
    await expect(later.getByTestId("message-status")).toHaveAttribute("data-status", "failed", { timeout: 15_000 });
    await expect(later.getByTestId("message-status")).toContainText(
      "24-hour window has closed (WhatsApp error 131047)",
    );
  } finally {
    // Leave Lukas as the seed made him: no account id, no cached templates.
    const reset = await page.request.put("/api/settings/whatsapp-templates", { data: { businessAccountId: "" } });
    expect(reset.status()).toBe(200);
  }
});
