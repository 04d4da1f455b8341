/* global self, caches, fetch, Response */
/*
 * The Instructor Inbox service worker: shows a pushed notification (one per conversation, replaced
 * not stacked), opens the conversation when it is tapped, and shows the offline page when a page
 * cannot be loaded. It caches nothing else: the inbox is live data, and nothing is sent offline.
 */
const CACHE = "inbox-shell-v1";
const OFFLINE_URL = "/offline.html";
const PRECACHE = [OFFLINE_URL, "/icons/icon-192.png", "/icons/badge-96.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// Page loads only: when the network fails, the offline page answers instead of the browser's error.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") return;
  event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL).then((cached) => cached || Response.error())));
});

/** The payload the server sends (db/push/notify-instructor.ts): title, body, tag, url, renotify. */
function readPayload(data) {
  try {
    const payload = data ? data.json() : null;
    if (payload && typeof payload.title === "string") return payload;
  } catch {
    // not JSON: fall through to a generic notification
  }
  return { title: "Instructor Inbox", body: data ? data.text() : "New message", tag: "inbox", url: "/inbox", renotify: true };
}

function showPushNotification(data) {
  const payload = readPayload(data);
  return self.registration.showNotification(payload.title, {
    body: payload.body,
    tag: payload.tag,
    renotify: payload.renotify !== false,
    icon: "/icons/icon-192.png",
    badge: "/icons/badge-96.png",
    timestamp: Date.now(),
    data: { url: payload.url, conversationId: payload.conversationId },
  });
}

self.addEventListener("push", (event) => {
  event.waitUntil(showPushNotification(event.data));
});

/** Focus an open inbox window on the conversation, or open one. */
function openConversation(url) {
  const target = new URL(url || "/inbox", self.location.origin).href;
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
    if (open) {
      return open.navigate(target).then((client) => (client || open).focus().catch(() => client || open));
    }
    return self.clients.openWindow(target);
  });
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openConversation(event.notification.data && event.notification.data.url));
});

// The browser renewed the subscription (keys or endpoint changed): tell the server about the new one.
self.addEventListener("pushsubscriptionchange", (event) => {
  const options = event.oldSubscription ? event.oldSubscription.options : null;
  if (!options) return;
  event.waitUntil(
    self.registration.pushManager
      .subscribe(options)
      .then((subscription) =>
        fetch("/api/push/devices", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(subscription.toJSON()), credentials: "same-origin" }),
      )
      .catch(() => {}),
  );
});
