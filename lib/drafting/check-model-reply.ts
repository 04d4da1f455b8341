/**
 * A model's reply is checked by code before anyone sees it: every price, date and time it names must be
 * in the instructor's profile or in the conversation. A reply that invents one is blocked, with the
 * reason. Pure. Dates are read with chrono-node (the same parsers as extract-facts.ts).
 */
import type { LanguageCode } from "@/lib/vocabulary";
import { chronoReference, DATE_PARSERS } from "./date-parsers";
import type { InstructorProfile } from "./instructor-profile";

const PRICE =
  /(?:(€|eur|euros?|chf|fr\.|sfr\.?|\$|usd|£|gbp)\s?(\d{1,6}(?:[.,]\d{1,2})?)|(\d{1,6}(?:[.,]\d{1,2})?)\s?(€|eur\b|euros?\b|chf\b|fr\.|franken\b|francs?\b|\$|usd\b|£|gbp\b|-\s?€))/gi;
const TIME =
  /(?<![\d.,:])(\d{1,2})(?:\s?(?::|h|\.)\s?(\d{2})|\s?(am|pm|uhr\b|h\b))(?![\d])|(?:\b(?:alle|um|a las|à|a|at)\s)(\d{1,2})(?![\d.,:%€])(?!\s?(?:persone|personen|people|personas|personnes|anni|jahre|years|ans|años|€|eur|chf))/gi;

function amounts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(PRICE)) out.push(Number((m[2] ?? m[3] ?? "").replace(",", ".")));
  // Bare numbers of the profile and the conversation count too ("65" in "65 euro l'ora").
  return out.filter((n) => Number.isFinite(n));
}
function bareNumbers(text: string): number[] {
  return [...text.matchAll(/\d{1,6}(?:[.,]\d{1,2})?/g)]
    .map((m) => Number(m[0].replace(",", ".")))
    .filter(Number.isFinite);
}

function times(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TIME)) {
    let h = Number(m[1] ?? m[4]);
    const min = Number(m[2] ?? 0);
    const suffix = (m[3] ?? "").toLowerCase();
    if (suffix === "pm" && h < 12) h += 12;
    if (suffix === "am" && h === 12) h = 0;
    if (h > 23 || min > 59) continue;
    out.push(`${h}:${String(min).padStart(2, "0")}`);
  }
  return out;
}
/** A time also matches its 12 h reading: "2" said by the customer, "14:00" in the reply. */
function sameTime(a: string, b: string): boolean {
  const [ha, ma] = a.split(":").map(Number) as [number, number];
  const [hb, mb] = b.split(":").map(Number) as [number, number];
  return ma === mb && (ha === hb || ha % 12 === hb % 12);
}

function dates(text: string, now: Date, timeZone: string): string[] {
  const ref = chronoReference(now, timeZone);
  const out = new Set<string>();
  for (const parser of Object.values(DATE_PARSERS)) {
    for (const r of parser.parse(text, ref, { forwardDate: true })) {
      const s = r.start;
      if (!(s.isCertain("day") || s.isCertain("weekday") || s.isCertain("month"))) continue;
      out.add(`${s.get("year")}-${String(s.get("month")).padStart(2, "0")}-${String(s.get("day")).padStart(2, "0")}`);
    }
  }
  return [...out];
}

function profileText(profile: InstructorProfile): string {
  return [
    ...profile.offers.map((o) => `${o.name} ${o.price} ${o.currency}`),
    ...profile.meetingPoints.map((m) => `${m.name} ${m.details}`),
    profile.cancellationPolicy,
    ...profile.faq.map((f) => `${f.question} ${f.answer}`),
    ...profile.included,
    ...profile.notIncluded,
  ].join("\n");
}

export function checkModelReply(args: {
  reply: string;
  language: LanguageCode;
  profile: InstructorProfile;
  priceText: string | null;
  /** Every text of the conversation the model was shown (turn and history, both directions). */
  conversation: string[];
  now: Date;
  timeZone: string;
}): { ok: true } | { ok: false; reason: string } {
  const { reply, profile } = args;
  const known = [profileText(profile), args.priceText ?? "", ...args.conversation].join("\n");
  const allowedAmounts = new Set([...profile.offers.map((o) => o.price), ...bareNumbers(known)]);
  const badPrice = amounts(reply).find((a) => !allowedAmounts.has(a));
  if (badPrice !== undefined)
    return {
      ok: false,
      reason: `the model's reply names a price (${badPrice}) that is not in your profile or the conversation`,
    };
  const allowedTimes = times(known);
  const badTime = times(reply).find((t) => !allowedTimes.some((k) => sameTime(k, t)));
  if (badTime)
    return {
      ok: false,
      reason: `the model's reply names a time (${badTime}) that is not in your profile or the conversation`,
    };
  const allowedDates = new Set(dates(known, args.now, args.timeZone));
  const badDate = dates(reply, args.now, args.timeZone).find((d) => !allowedDates.has(d));
  if (badDate)
    return { ok: false, reason: `the model's reply names a date (${badDate}) that is not in the conversation` };
  return { ok: true };
}
