/** Pure parts of notifications: quiet hours in a time zone, the notification's words, validation, labels, the tab title. */
import { describe, expect, it } from "vitest";
import { buildConversationNotification } from "@/lib/push/conversation-notification";
import { deviceLabelFromUserAgent } from "@/lib/push/device-label";
import { pushSubscriptionSchema, quietHoursSchema } from "@/lib/push/push-schemas";
import { clockToMinute, isWithinQuietHours, localMinuteOfDay, minuteToClock } from "@/lib/push/quiet-hours";
import { titleWithUnread } from "@/lib/push/unread-title";

const quiet = (start: string, end: string, enabled = true) => ({
  enabled,
  startMinute: clockToMinute(start)!,
  endMinute: clockToMinute(end)!,
});

describe("quiet hours", () => {
  it("are evaluated in the instructor's time zone, not the server's", () => {
    const now = new Date("2026-01-15T22:30:00Z"); // 23:30 in Rome (CET), 07:30 next day in Tokyo
    expect(localMinuteOfDay(now, "Europe/Rome")).toBe(23 * 60 + 30);
    expect(isWithinQuietHours({ quietHours: quiet("22:00", "07:00"), now, timeZone: "Europe/Rome" })).toBe(true);
    expect(isWithinQuietHours({ quietHours: quiet("22:00", "07:00"), now, timeZone: "Asia/Tokyo" })).toBe(false);
  });

  it("follow daylight saving time (Rome is UTC+2 in July)", () => {
    const now = new Date("2026-07-15T05:30:00Z"); // 07:30 in Rome
    expect(isWithinQuietHours({ quietHours: quiet("22:00", "07:00"), now, timeZone: "Europe/Rome" })).toBe(false);
    expect(isWithinQuietHours({ quietHours: quiet("22:00", "08:00"), now, timeZone: "Europe/Rome" })).toBe(true);
  });

  it("cross midnight; the end minute is outside, the start minute inside", () => {
    const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
    const window = quiet("22:00", "07:00");
    expect(isWithinQuietHours({ quietHours: window, now: at("21:59"), timeZone: "UTC" })).toBe(false);
    expect(isWithinQuietHours({ quietHours: window, now: at("22:00"), timeZone: "UTC" })).toBe(true);
    expect(isWithinQuietHours({ quietHours: window, now: at("03:00"), timeZone: "UTC" })).toBe(true);
    expect(isWithinQuietHours({ quietHours: window, now: at("07:00"), timeZone: "UTC" })).toBe(false);
  });

  it("a daytime window, a disabled window and an empty window", () => {
    const noon = new Date("2026-03-02T12:00:00Z");
    expect(isWithinQuietHours({ quietHours: quiet("11:00", "13:00"), now: noon, timeZone: "UTC" })).toBe(true);
    expect(isWithinQuietHours({ quietHours: quiet("11:00", "13:00", false), now: noon, timeZone: "UTC" })).toBe(false);
    expect(isWithinQuietHours({ quietHours: quiet("12:00", "12:00"), now: noon, timeZone: "UTC" })).toBe(false);
  });

  it("clock strings round-trip and reject nonsense", () => {
    expect(minuteToClock(clockToMinute("07:05")!)).toBe("07:05");
    expect(clockToMinute("24:00")).toBeNull();
    expect(clockToMinute("7:00")).toBeNull();
    expect(quietHoursSchema.safeParse({ enabled: true, start: "22:00", end: "7:00" }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ enabled: true, start: "22:00", end: "07:00" }).success).toBe(true);
  });
});

describe("the notification for a conversation", () => {
  it("names the customer, says why, previews the message, and carries the conversation as tag and link", () => {
    const n = buildConversationNotification({
      conversationId: "c1",
      customerName: "Anna Rossi",
      preview: "Ciao!\n  Sabato  alle 10?",
      reason: "draft_ready",
    });
    expect(n).toEqual({
      title: "Anna Rossi · Draft ready to review",
      body: "Ciao! Sabato alle 10?",
      tag: "conversation-c1",
      url: "/inbox/c1",
      conversationId: "c1",
      reason: "draft_ready",
      renotify: true,
    });
  });

  it("keeps the preview short and never empty", () => {
    const long = buildConversationNotification({
      conversationId: "c1",
      customerName: "A",
      preview: "x".repeat(500),
      reason: "no_draft",
    });
    expect(long.body.length).toBe(120);
    expect(long.body.endsWith("…")).toBe(true);
    expect(
      buildConversationNotification({ conversationId: "c1", customerName: "A", preview: null, reason: "handoff" }).body,
    ).toBe("Needs you");
  });
});

describe("what a browser sends when it subscribes", () => {
  const keys = { p256dh: "B".padEnd(87, "A"), auth: "A".repeat(22) };
  it("accepts an https endpoint with P-256 keys, and http only on loopback", () => {
    expect(
      pushSubscriptionSchema.safeParse({
        endpoint: "https://fcm.googleapis.com/fcm/send/abc",
        expirationTime: null,
        keys,
      }).success,
    ).toBe(true);
    expect(pushSubscriptionSchema.safeParse({ endpoint: "http://127.0.0.1:3171/push/x", keys }).success).toBe(true);
    expect(pushSubscriptionSchema.safeParse({ endpoint: "http://push.example.com/x", keys }).success).toBe(false);
    expect(pushSubscriptionSchema.safeParse({ endpoint: "javascript:alert(1)", keys }).success).toBe(false);
  });
  it("rejects missing or malformed keys", () => {
    expect(pushSubscriptionSchema.safeParse({ endpoint: "https://push.example/x" }).success).toBe(false);
    expect(
      pushSubscriptionSchema.safeParse({
        endpoint: "https://push.example/x",
        keys: { ...keys, auth: "not base64url!!!!!!!!!" },
      }).success,
    ).toBe(false);
    expect(
      pushSubscriptionSchema.safeParse({ endpoint: "https://push.example/x", keys: { ...keys, p256dh: "short" } })
        .success,
    ).toBe(false);
  });
});

describe("labels", () => {
  it("names a device from its user agent", () => {
    expect(
      deviceLabelFromUserAgent(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome on Android");
    expect(
      deviceLabelFromUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iPhone/iPad");
    expect(deviceLabelFromUserAgent(null)).toBe("Unknown browser");
  });

  it("puts the unread count in front of the tab title exactly once", () => {
    expect(titleWithUnread("Inbox · Instructor Inbox", 3)).toBe("(3) Inbox · Instructor Inbox");
    expect(titleWithUnread(titleWithUnread("Inbox", 3), 4)).toBe("(4) Inbox");
    expect(titleWithUnread("(4) Inbox", 0)).toBe("Inbox");
    expect(titleWithUnread("Inbox", 150)).toBe("(99+) Inbox");
  });
});
