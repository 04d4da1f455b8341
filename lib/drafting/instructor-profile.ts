/**
 * The instructor's structured profile: the facts a draft may state (offers and prices, meeting points,
 * languages, what is included, cancellation policy, FAQ). Validated by zod at the API and again when read
 * for drafting, so a draft never quotes a malformed price. Pure.
 */
import { z } from "zod";

export const LEVELS = ["beginner", "intermediate", "advanced", "any"] as const;
export type Level = (typeof LEVELS)[number];

const text = (max: number, what: string) =>
  z.string().trim().min(1, `${what} cannot be empty.`).max(max, `${what} can be at most ${max} characters.`);

export const offerSchema = z
  .object({
    name: text(80, "An offer's name"),
    activity: text(40, "The activity"),
    durationMinutes: z
      .number()
      .int("The duration is a whole number of minutes.")
      .min(15, "An offer lasts at least 15 minutes.")
      .max(60 * 24 * 14, "An offer lasts at most 14 days."),
    price: z
      .number()
      .min(0, "A price cannot be negative.")
      .max(100000, "That price is too high.")
      .multipleOf(0.01, "A price has at most two decimals."),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as EUR or CHF."),
    groupSizeMin: z.number().int().min(1).max(100).default(1),
    groupSizeMax: z
      .number()
      .int()
      .min(1, "A group has at least one person.")
      .max(100, "A group has at most 100 people."),
    level: z.enum(LEVELS),
  })
  .refine((o) => o.groupSizeMin <= o.groupSizeMax, {
    message: "The smallest group cannot be larger than the largest.",
    path: ["groupSizeMax"],
  });
export type Offer = z.infer<typeof offerSchema>;

export const instructorProfileSchema = z.object({
  offers: z.array(offerSchema).max(30, "At most 30 offers.").default([]),
  meetingPoints: z
    .array(z.object({ name: text(80, "A meeting point's name"), details: z.string().trim().max(300).default("") }))
    .max(10, "At most 10 meeting points.")
    .default([]),
  /** ISO 639-1 codes of the languages the instructor teaches in. */
  languages: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{2}$/, "Use two-letter language codes such as en, it, de."),
    )
    .max(20)
    .default([]),
  /** What the price includes (equipment, lift pass, insurance…), one item per entry. */
  included: z.array(text(120, "An included item")).max(20).default([]),
  /** What the price does not include. */
  notIncluded: z.array(text(120, "An excluded item")).max(20).default([]),
  cancellationPolicy: z
    .string()
    .trim()
    .max(1000, "The cancellation policy can be at most 1000 characters.")
    .default(""),
  faq: z
    .array(z.object({ question: text(200, "A question"), answer: text(1000, "An answer") }))
    .max(30, "At most 30 FAQ entries.")
    .default([]),
});
export type InstructorProfile = z.infer<typeof instructorProfileSchema>;
export type InstructorProfileInput = z.input<typeof instructorProfileSchema>;

export const EMPTY_PROFILE: InstructorProfile = {
  offers: [],
  meetingPoints: [],
  languages: [],
  included: [],
  notIncluded: [],
  cancellationPolicy: "",
  faq: [],
};

/** A stored profile that no longer validates (an older shape, a hand edit) reads as empty: drafts then state no facts. */
export function readProfile(value: unknown): InstructorProfile {
  const parsed = instructorProfileSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : EMPTY_PROFILE;
}

/** "€65", "CHF 120" in the customer's language (Intl knows where each locale puts the symbol). */
export function formatPrice(amount: number, currency: string, locale: string): string {
  try {
    // ICU versions differ in the space they put before "€" (U+00A0 or U+202F): a plain space is the same on every Node.
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    })
      .format(amount)
      .replace(/[\u00a0\u202f]/g, " ");
  } catch {
    return `${amount} ${currency}`;
  }
}

/** 60 → "1 h", 90 → "1 h 30", 240 → "4 h", 480+ in whole days stays hours (a "day" differs per instructor). */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")}`;
}
