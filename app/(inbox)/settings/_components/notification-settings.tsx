"use client";
/**
 * Notifications on this device (Web Push): turn on with a tap (the browser's permission prompt follows
 * the tap, as browsers require), the list of devices that receive them with a remove button, and quiet
 * hours. On an iPhone, web push exists only in the app added to the Home Screen: we say so.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTimeSettings } from "@/components/local-time";
import { formatDateTime } from "@/lib/format/date-time";
import type { PushDevice } from "@/db/push/subscriptions";

type DevicesResponse = { configured: boolean; publicKey: string | null; devices: PushDevice[] };
type QuietHours = { enabled: boolean; start: string; end: string };
type Support = "checking" | "supported" | "ios-needs-home-screen" | "unsupported";

const box = "space-y-3 rounded-xl border border-slate-200 bg-white p-4";
const button = "rounded-lg px-3 py-2 text-sm font-medium disabled:opacity-50";

function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function detectSupport(): Support {
  const hasPush = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (hasPush) return "supported";
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
  const standalone =
    window.matchMedia("(display-mode: standalone)").matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return ios && !standalone ? "ios-needs-home-screen" : "unsupported";
}

async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return body?.message ?? `Request failed (${response.status}).`;
}

export function NotificationSettings() {
  const timeSettings = useTimeSettings();
  const [support, setSupport] = useState<Support>("checking");
  const [server, setServer] = useState<DevicesResponse | null>(null);
  const [currentEndpoint, setCurrentEndpoint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [quiet, setQuiet] = useState<QuietHours | null>(null);
  const [quietMessage, setQuietMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    const response = await fetch("/api/push/devices");
    if (response.ok) setServer((await response.json()) as DevicesResponse);
    if ("serviceWorker" in navigator) {
      const registration = await navigator.serviceWorker.getRegistration("/");
      const subscription = await registration?.pushManager?.getSubscription();
      setCurrentEndpoint(subscription?.endpoint ?? null);
    }
  }, []);

  useEffect(() => {
    // Browser capabilities are only known on the client: read them once mounted.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSupport(detectSupport());
    void load();
    void fetch("/api/push/quiet-hours")
      .then((r) => (r.ok ? (r.json() as Promise<QuietHours>) : null))
      .then((q) => {
        if (q) setQuiet(q);
      });
  }, [load]);

  async function turnOn() {
    if (!server?.publicKey) return;
    setBusy(true);
    setMessage(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setMessage({
          ok: false,
          text:
            permission === "denied"
              ? "Notifications are blocked for this site. Allow them in the browser's site settings, then try again."
              : "Notifications were not allowed.",
        });
        return;
      }
      const registration =
        (await navigator.serviceWorker.getRegistration("/")) ??
        (await navigator.serviceWorker.register("/sw.js", { scope: "/" }));
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(server.publicKey),
        }));
      const response = await fetch("/api/push/devices", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(subscription.toJSON()),
      });
      if (!response.ok) {
        setMessage({ ok: false, text: await readError(response) });
        return;
      }
      setMessage({ ok: true, text: "Notifications are on for this device." });
      await load();
    } catch (error) {
      setMessage({
        ok: false,
        text: `Could not turn notifications on: ${error instanceof Error ? error.message : "unknown error"}`,
      });
    } finally {
      setBusy(false);
    }
  }

  async function remove(device: PushDevice) {
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/push/devices/${device.id}`, { method: "DELETE" });
      if (!response.ok && response.status !== 404) {
        setMessage({ ok: false, text: await readError(response) });
        return;
      }
      if (device.endpoint === currentEndpoint) {
        const registration = await navigator.serviceWorker.getRegistration("/");
        await (await registration?.pushManager.getSubscription())?.unsubscribe();
      }
      setMessage({ ok: true, text: `${device.deviceLabel} no longer receives notifications.` });
      await load();
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Nothing changed; try again." });
    } finally {
      setBusy(false);
    }
  }

  async function saveQuiet(event: FormEvent) {
    event.preventDefault();
    if (!quiet) return;
    setQuietMessage(null);
    try {
      const response = await fetch("/api/push/quiet-hours", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(quiet),
      });
      if (!response.ok) {
        setQuietMessage({ ok: false, text: await readError(response) });
        return;
      }
      setQuiet((await response.json()) as QuietHours);
      setQuietMessage({ ok: true, text: "Quiet hours saved." });
    } catch {
      setQuietMessage({ ok: false, text: "Could not reach the server. Nothing was saved; try again." });
    }
  }

  const devices = server?.devices ?? [];
  const thisDeviceOn = currentEndpoint !== null && devices.some((d) => d.endpoint === currentEndpoint);

  return (
    <section
      aria-labelledby="notifications-heading"
      className="mx-auto w-full max-w-2xl space-y-4 px-3 pb-8 sm:px-4"
      data-testid="notification-settings"
    >
      <div className={box}>
        <h2 id="notifications-heading" className="font-semibold">
          Notifications
        </h2>
        <p className="text-sm text-slate-600">
          Get a notification on your phone within seconds when a message needs you: a draft is ready, a conversation was
          handed to you, or a message came in without a draft. One notification per conversation; tapping it opens the
          conversation.
        </p>
        {support === "ios-needs-home-screen" ? (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="ios-home-screen-hint">
            On an iPhone, notifications work in the app on your Home Screen: tap Share, then “Add to Home Screen”, open
            Inbox from there and turn them on here.
          </p>
        ) : support === "unsupported" ? (
          <p className="text-sm text-slate-700">This browser cannot receive web notifications.</p>
        ) : server && !server.configured ? (
          <p className="text-sm text-slate-700">Notifications are not configured on this server (no VAPID keys).</p>
        ) : support === "supported" ? (
          thisDeviceOn ? (
            <p className="text-sm font-medium text-emerald-800" data-testid="this-device-on">
              ✓ This device receives notifications.
            </p>
          ) : (
            <button
              type="button"
              onClick={turnOn}
              disabled={busy || !server}
              className={`${button} bg-brand-600 font-semibold text-white hover:bg-brand-700`}
            >
              {busy ? "Turning on…" : "Turn on notifications on this device"}
            </button>
          )
        ) : null}
        {message ? (
          <p
            role="status"
            className={`rounded-lg px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}
          >
            {message.text}
          </p>
        ) : null}

        <h3 className="pt-2 text-sm font-semibold text-slate-800">Devices that receive notifications</h3>
        {devices.length === 0 ? (
          <p className="text-sm text-slate-500">None yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="push-devices">
            {devices.map((device) => (
              <li key={device.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="text-sm font-medium text-slate-800">
                    {device.deviceLabel}
                    {device.endpoint === currentEndpoint ? (
                      <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">
                        this device
                      </span>
                    ) : null}
                  </p>
                  <p className="text-xs text-slate-500">
                    Added {formatDateTime(device.createdAt, timeSettings)}
                    {device.lastSentAt ? ` · last notified ${formatDateTime(device.lastSentAt, timeSettings)}` : ""}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => remove(device)}
                  disabled={busy}
                  className={`${button} text-rose-700 hover:bg-rose-50`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      {quiet ? (
        <form onSubmit={saveQuiet} className={box} noValidate>
          <h2 className="font-semibold">Quiet hours</h2>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={quiet.enabled}
              onChange={(e) => setQuiet({ ...quiet, enabled: e.target.checked })}
              className="h-4 w-4"
            />
            No notifications between
          </label>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="sr-only" htmlFor="quiet-start">
              Quiet from
            </label>
            <input
              id="quiet-start"
              type="time"
              value={quiet.start}
              onChange={(e) => setQuiet({ ...quiet, start: e.target.value })}
              className="rounded-lg border border-slate-300 px-2 py-1.5 text-base"
            />
            <span>and</span>
            <label className="sr-only" htmlFor="quiet-end">
              Quiet until
            </label>
            <input
              id="quiet-end"
              type="time"
              value={quiet.end}
              onChange={(e) => setQuiet({ ...quiet, end: e.target.value })}
              className="rounded-lg border border-slate-300 px-2 py-1.5 text-base"
            />
          </div>
          <p className="text-xs text-slate-500">
            In your time zone ({timeSettings.timeZone}, set under Dates and times). Messages still arrive in the inbox;
            only the notification waits.
          </p>
          <button
            type="submit"
            className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}
          >
            Save quiet hours
          </button>
          {quietMessage ? (
            <p
              role="status"
              className={`rounded-lg px-3 py-2 text-sm ${quietMessage.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}
            >
              {quietMessage.text}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
