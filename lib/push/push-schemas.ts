/** Validation of what a browser sends when it subscribes, and of the quiet-hours form. */
import { z } from "zod";
import { clockToMinute } from "./quiet-hours";

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");

/** A push service endpoint: https, or http on loopback (a local push service in development and tests). */
export const pushEndpointSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        url.protocol === "https:" ||
        (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
      );
    } catch {
      return false;
    }
  }, "must be an https URL");

/** `PushSubscription.toJSON()` as the browser gives it. */
export const pushSubscriptionSchema = z.object({
  endpoint: pushEndpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    // An uncompressed P-256 point is 65 bytes (87 base64url characters); the auth secret 16 bytes (22).
    p256dh: base64url.min(80).max(100),
    auth: base64url.min(16).max(32),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

const clock = z.string().refine((v) => clockToMinute(v) !== null, "must be a time like 22:00");

export const quietHoursSchema = z.object({
  enabled: z.boolean(),
  start: clock,
  end: clock,
});
export type QuietHoursInput = z.infer<typeof quietHoursSchema>;
