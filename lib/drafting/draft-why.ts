/**
 * Why a draft says what it says, or why there is none, in the instructor's words, from a draft's stored
 * evidence (the classification evidence with the facts the draft used). Pure; tolerant of older rows.
 */
import { z } from "zod";

export interface DraftWhy {
  /** Facts the draft states: "Offer", "Price", "Date", "Time", "People", "Level", "Answer from". */
  facts: { label: string; value: string }[];
  /** What the draft asks the customer for. */
  asked: string[];
  /** Sensitive words that handed the message to the instructor. */
  blockedBy: { label: string; words: string[] }[];
  /** Why a model's reply was thrown away. */
  modelBlocked: string | null;
  /** Spam / wrong-number words. */
  spam: string[];
}

const evidenceSchema = z
  .object({
    sensitive: z.array(z.object({ label: z.string(), words: z.array(z.string()) })).optional(),
    spam: z.array(z.string()).optional(),
    modelBlocked: z.string().optional(),
    draftFacts: z
      .object({
        offer: z.object({ name: z.string(), price: z.string(), duration: z.string() }).nullable().optional(),
        offersListed: z.array(z.string()).optional(),
        date: z.object({ iso: z.string(), label: z.string() }).nullable().optional(),
        time: z.string().nullable().optional(),
        partOfDay: z.string().nullable().optional(),
        people: z.number().nullable().optional(),
        level: z.string().nullable().optional(),
        answeredFrom: z.string().nullable().optional(),
        asked: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .passthrough();

const PART_OF_DAY: Record<string, string> = {
  morning: "morning",
  afternoon: "afternoon",
  evening: "evening",
  full_day: "whole day",
  half_day: "half day",
};
const ASKED: Record<string, string> = {
  date: "the day",
  time: "the time",
  people: "how many people",
  level: "their level",
};

export function draftWhy(evidence: unknown): DraftWhy | null {
  const parsed = evidenceSchema.safeParse(evidence);
  if (!parsed.success) return null;
  const e = parsed.data;
  const f = e.draftFacts;
  const facts: DraftWhy["facts"] = [];
  if (f?.offer) {
    facts.push({ label: "Offer", value: `${f.offer.name} (${f.offer.duration})` });
    facts.push({ label: "Price", value: f.offer.price });
  }
  if (f?.offersListed && f.offersListed.length > 0)
    facts.push({ label: "Prices listed", value: f.offersListed.join("; ") });
  if (f?.date) facts.push({ label: "Date understood", value: f.date.label });
  if (f?.time) facts.push({ label: "Time", value: f.time });
  else if (f?.partOfDay) facts.push({ label: "Time of day", value: PART_OF_DAY[f.partOfDay] ?? f.partOfDay });
  if (typeof f?.people === "number") facts.push({ label: "People", value: String(f.people) });
  if (f?.level) facts.push({ label: "Level", value: f.level });
  if (f?.answeredFrom) facts.push({ label: "Answer from your profile", value: f.answeredFrom });
  const why: DraftWhy = {
    facts,
    asked: (f?.asked ?? []).map((a) => ASKED[a] ?? a),
    blockedBy: e.sensitive ?? [],
    modelBlocked: e.modelBlocked ?? null,
    spam: e.spam ?? [],
  };
  return why.facts.length || why.asked.length || why.blockedBy.length || why.modelBlocked || why.spam.length
    ? why
    : null;
}
