/** Request schemas for templates and media (kept apart from inbox.ts, which other work edits). */
import { z } from "zod";

export const templateSendSchema = z.object({
  templateId: z.uuid(),
  values: z
    .record(z.string().regex(/^(header|body):[A-Za-z0-9_]{1,60}$/), z.string().max(1024))
    .refine((v) => Object.keys(v).length <= 50, "Too many values."),
  idempotencyKey: z.string().trim().min(8).max(200),
});

export const businessAccountSchema = z.object({
  businessAccountId: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v))
    .pipe(
      z
        .string()
        .regex(
          /^\d{5,30}$/,
          "A WhatsApp Business Account id is a number of 5 to 30 digits (WhatsApp Manager → Account tools).",
        )
        .nullable(),
    ),
});
