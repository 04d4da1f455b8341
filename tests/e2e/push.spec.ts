/**
 * The inbox as a phone app: the manifest and icons, the service worker, a push from a new WhatsApp
 * message through a fake push service on loopback (real HTTP, VAPID checked, aes128gcm decrypted as the
 * device would) into the real service worker's push handler, the tap that opens the conversation, the
 * unread count in the tab, the offline page and an edit kept offline.
 *
 * Chromium here has no connection to a real push service, so the browser cannot mint a real
 * subscription: the test's fake device registers its subscription through the same API the Settings
 * button uses, and the decrypted payload is then delivered to the service worker as a trusted push
 * (DevTools protocol ServiceWorker.deliverPushMessage, what DevTools' "Push" button does).
 * Data: new conversations from unique senders on Lukas's number; every device added is removed.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { randomInt } from "node:crypto";
import { startFakePushService, type FakePushService } from "../helpers/fake-push-service";
import { DEMO, signBody, signIn, textDelivery } from "./helpers";

let push: FakePushService;
test.beforeAll(async () => {
  push = await startFakePushService();
});
test.afterAll(async () => {
  await push?.close();
});

async function postDelivery(page: Page, { from, text, name }: { from: string; text: string; name: string }) {
  const body = JSON.stringify(
    textDelivery({
      phoneNumberId: DEMO.lukas.phoneNumberId,
      from,
      text,
      name,
      id: `wamid.push.${Date.now()}.${randomInt(1e9)}`,
    }),
  );
  const response = await page.request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
  });
  expect(response.status()).toBe(200);
}

async function addDevice(page: Page) {
  const device = push.newDevice();
  const response = await page.request.post("/api/push/devices", {
    data: device.subscription,
    headers: {
      "user-agent":
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
    },
  });
  expect(response.status()).toBe(201);
  const saved = (await response.json()) as { id: string };
  return { device, id: saved.id };
}

async function removeAllDevices(page: Page) {
  const { devices } = (await (await page.request.get("/api/push/devices")).json()) as { devices: { id: string }[] };
  for (const d of devices) await page.request.delete(`/api/push/devices/${d.id}`);
}

async function activeServiceWorker(page: Page) {
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { scope: registration.scope, state: registration.active?.state ?? null };
  });
  expect(state.scope).toMatch(/\/$/);
  expect(state.state).toBe("activated");
  const worker = page.context().serviceWorkers()[0] ?? (await page.context().waitForEvent("serviceworker"));
  expect(worker.url()).toMatch(/\/sw\.js$/);
  return worker;
}

/** Deliver a push message to the page's service worker the way the browser does (a trusted PushEvent). */
async function deliverPush(context: BrowserContext, page: Page, data: string) {
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on(
      "ServiceWorker.workerRegistrationUpdated",
      ({ registrations }: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
        const live = registrations.find((r) => !r.isDeleted && r.scopeURL.endsWith("/"));
        if (live) resolve(live.registrationId);
      },
    );
  });
  await cdp.send("ServiceWorker.enable");
  const origin = new URL(page.url()).origin;
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: await registrationId, data });
  await cdp.detach();
}

async function shownNotifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data as { url: string },
    }));
  });
}

test("the manifest is served with what installation needs, its icons load, and iOS Home Screen tags are present", async ({
  page,
  request,
}) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({
    name: "Instructor Inbox",
    short_name: "Inbox",
    start_url: "/inbox",
    display: "standalone",
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const size of ["192x192", "512x512"]) {
    for (const purpose of ["any", "maskable"])
      expect(manifest.icons.some((i) => i.sizes === size && i.purpose === purpose)).toBe(true);
  }
  for (const icon of [
    ...manifest.icons.map((i) => i.src),
    "/apple-touch-icon.png",
    "/icons/badge-96.png",
    "/offline.html",
    "/sw.js",
  ]) {
    const file = await request.get(icon);
    expect(file.status(), icon).toBe(200);
  }

  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", /manifest\.webmanifest/);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('meta[name="apple-mobile-web-app-title"]')).toHaveAttribute("content", "Inbox");
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", manifest.theme_color);
  await expect(
    page.locator('meta[name="mobile-web-app-capable"], meta[name="apple-mobile-web-app-capable"]').first(),
  ).toHaveAttribute("content", "yes");
});

test("a new WhatsApp message reaches the phone as an encrypted push; the service worker shows it; a tap opens the conversation with its draft", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ permissions: ["notifications"] });
  const page = await context.newPage();
  await signIn(page, DEMO.lukas);
  const giuliaContext = await browser.newContext();
  const giuliaPage = await giuliaContext.newPage();
  await signIn(giuliaPage, DEMO.giulia);
  try {
    await page.goto("/settings");
    await activeServiceWorker(page);

    const phone = await addDevice(page);
    const expired = await addDevice(page);
    push.answerNext(expired.device.id, 410);
    const giuliasPhone = await addDevice(giuliaPage);
    await page.reload();
    await expect(page.getByTestId("push-devices").getByRole("listitem")).toHaveCount(2);
    await expect(page.getByTestId("push-devices")).toContainText("Chrome on Android");

    const suffix = randomInt(1e6, 9e6);
    const name = `Push Tester ${suffix}`;
    const sentAt = Date.now();
    await postDelivery(page, { from: `4179${suffix}`, text: "Hello, can I book a sailing lesson on Saturday?", name });

    const received = await push.waitForPush(phone.device.id, 15_000);
    const latencyMs = Date.now() - sentAt;
    test
      .info()
      .annotations.push({ type: "push latency", description: `${latencyMs} ms from the webhook to the push service` });
    expect(latencyMs).toBeLessThan(15_000);
    expect(received.vapid.ok).toBe(true);
    const payload = push.decryptPayload(received) as {
      title: string;
      body: string;
      tag: string;
      url: string;
      conversationId: string;
    };
    expect(payload).toMatchObject({
      title: `${name} · Draft ready to review`,
      body: "Hello, can I book a sailing lesson on Saturday?",
      renotify: true,
    });
    expect(payload.url).toBe(`/inbox/${payload.conversationId}`);
    expect(payload.tag).toBe(`conversation-${payload.conversationId}`);

    // The expired device answered 410 once and is gone; Giulia's phone heard nothing of Lukas's message.
    await expect.poll(async () => push.pushesFor(expired.device.id).length).toBe(1);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("push-devices").getByRole("listitem")).toHaveCount(1);
    }).toPass();
    expect(push.pushesFor(giuliasPhone.device.id)).toHaveLength(0);

    // The service worker's push handler shows it; a second push for the conversation replaces it.
    await deliverPush(context, page, JSON.stringify(payload));
    await expect
      .poll(() => shownNotifications(page))
      .toEqual([
        {
          title: payload.title,
          body: payload.body,
          tag: payload.tag,
          data: { url: payload.url, conversationId: payload.conversationId },
        },
      ]);
    await deliverPush(context, page, JSON.stringify({ ...payload, body: "Second message" }));
    await expect.poll(async () => (await shownNotifications(page)).map((n) => n.body)).toEqual(["Second message"]);

    // Tapping it (a notificationclick in the worker) opens the conversation, with its draft.
    const worker = context.serviceWorkers()[0]!;
    await worker.evaluate(async (tag) => {
      const sw = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
      const [notification] = await sw.registration.getNotifications({ tag });
      const NotificationEventCtor = (
        self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }
      ).NotificationEvent;
      sw.dispatchEvent(new NotificationEventCtor("notificationclick", { notification: notification! }));
    }, payload.tag);
    await expect(page).toHaveURL(`${baseURL}${payload.url}`);
    await expect(page.getByTestId("thread-title")).toHaveText(name);
    await expect(page.getByTestId("draft-panel")).toHaveAttribute("data-state", "proposed");
    await expect.poll(async () => (await shownNotifications(page)).length).toBe(0);
  } finally {
    await removeAllDevices(page);
    await removeAllDevices(giuliaPage);
    await context.close();
    await giuliaContext.close();
  }
});

test("the unread count is in the tab title and drawn on the favicon, and follows the inbox live", async ({ page }) => {
  await signIn(page, DEMO.lukas);
  await page.goto("/inbox");
  const unread = async () =>
    ((await (await page.request.get("/api/unread")).json()) as { conversations: number }).conversations;
  const before = await unread();
  const suffix = randomInt(1e6, 9e6);
  const name = `Title Tester ${suffix}`;
  await postDelivery(page, { from: `4178${suffix}`, text: "Is there a lesson free tomorrow?", name });
  await expect(page.getByTestId("conversation-row").filter({ hasText: name })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^\\(${before + 1}\\) `));
  await expect(page.locator('link[rel~="icon"]').first()).toHaveAttribute("href", /^data:image\/png;base64,/);

  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  await expect(page).toHaveTitle(before > 0 ? new RegExp(`^\\(${before}\\) `) : /^(?!\()/);
});

test("offline: the page says the phone is offline, nothing is sent, and an edit in progress is kept and saved when the connection returns", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, DEMO.lukas);
    await activeServiceWorker(page);
    const suffix = randomInt(1e6, 9e6);
    const name = `Offline Tester ${suffix}`;
    await postDelivery(page, { from: `4177${suffix}`, text: "Hi, how much is a private sailing lesson?", name });
    await page.goto("/inbox");
    await page.getByTestId("conversation-row").filter({ hasText: name }).click();
    await expect(page.getByTestId("draft-panel")).toHaveAttribute("data-state", "proposed");
    const conversationUrl = page.url();

    await context.setOffline(true);
    await expect(page.getByTestId("offline-edit-note")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve & send" })).toBeDisabled();
    await page.getByLabel("Draft text").fill("Kept while offline: €80 per hour.");
    await expect
      .poll(() =>
        page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("inbox:draft-edit:"))?.[1]),
      )
      .toBe("Kept while offline: €80 per hour.");

    // A page load while offline shows the offline page (from the service worker), not the browser's error.
    const offlinePage = await context.newPage();
    await offlinePage.goto("/inbox");
    await expect(offlinePage.getByRole("heading", { name: "Your phone is offline" })).toBeVisible();
    await expect(offlinePage.getByText("Nothing is sent while you are offline.")).toBeVisible();
    await offlinePage.close();

    await context.setOffline(false);
    await expect(page.getByTestId("draft-state")).toHaveText("Edited");
    await expect
      .poll(() =>
        page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("inbox:draft-edit:")).length),
      )
      .toBe(0);
    const thread = (await (
      await page.request.get(`/api/conversations/${conversationUrl.split("/").pop()}`)
    ).json()) as { draft: { state: string; editedText: string } };
    expect(thread.draft).toMatchObject({ state: "edited", editedText: "Kept while offline: €80 per hour." });
  } finally {
    await context.setOffline(false);
    await context.close();
  }
});

test("Settings shows notifications, devices and quiet hours at 375 px and 1280 px", async ({ browser }, testInfo) => {
  for (const viewport of [
    { width: 375, height: 812 },
    { width: 1280, height: 900 },
  ]) {
    const context = await browser.newContext({
      viewport,
      isMobile: viewport.width < 500,
      hasTouch: viewport.width < 500,
      timezoneId: "Europe/Zurich",
    });
    const page = await context.newPage();
    try {
      await signIn(page, DEMO.lukas);
      await page.goto("/settings");
      const section = page.getByTestId("notification-settings");
      await expect(section.getByRole("heading", { name: "Notifications", exact: true })).toBeVisible();
      await expect(section.getByRole("button", { name: "Turn on notifications on this device" })).toBeVisible();
      await expect(section.getByRole("heading", { name: "Quiet hours" })).toBeVisible();
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

      if (viewport.width === 375) {
        // The permission prompt follows the tap; refused, it says how to allow it and registers nothing.
        await section.getByRole("button", { name: "Turn on notifications on this device" }).click();
        await expect(section.getByRole("status")).toContainText(/Notifications (are blocked|were not allowed)/);
        expect(
          ((await (await page.request.get("/api/push/devices")).json()) as { devices: unknown[] }).devices,
        ).toHaveLength(0);
      }
      if (viewport.width === 1280) {
        // Quiet hours are read in the instructor's zone (Lukas: Europe/Zurich); a window twelve hours away,
        // so no other test goes quiet; a time that is not a time is refused.
        const hour = (new Date().getUTCHours() + 12) % 24;
        const clock = (h: number) => `${String(h).padStart(2, "0")}:30`;
        await section.getByLabel("No notifications between").check();
        await section.getByLabel("Quiet from").fill(clock(hour));
        await section.getByLabel("Quiet until").fill(clock((hour + 1) % 24));
        await section.getByRole("button", { name: "Save quiet hours" }).click();
        await expect(section.getByText("Quiet hours saved.")).toBeVisible();
        await expect(section.getByText(/In your time zone \(Europe\/Zurich/)).toBeVisible();
        const saved = await (await page.request.get("/api/push/quiet-hours")).json();
        expect(saved).toEqual({ enabled: true, start: clock(hour), end: clock((hour + 1) % 24) });
        const bad = await page.request.put("/api/push/quiet-hours", { data: { ...saved, start: "25:00" } });
        expect(bad.status()).toBe(400);
        await page.request.put("/api/push/quiet-hours", { data: { ...saved, enabled: false } });
      }
      await page.screenshot({
        path: testInfo.outputPath(`settings-notifications-${viewport.width}.png`),
        fullPage: true,
      });
    } finally {
      await context.close();
    }
  }
});
