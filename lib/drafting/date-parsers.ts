/**
 * chrono-node's parser for each language, and the reference instant it reads relative dates from. Shared by
 * the fact extraction and the check of a model's reply, so both read "sabato" the same way. Pure.
 */
import * as chrono from "chrono-node";
import type { LanguageCode } from "@/lib/vocabulary";

export const DATE_PARSERS: Record<LanguageCode, chrono.Chrono> = {
  en: chrono.en.casual,
  it: chrono.it.casual,
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
};

// One formatter per zone (building an Intl.DateTimeFormat costs far more than formatting with it); the
// zones are the instructors' (a handful), an unknown name maps to UTC's formatter.
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();
function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    };
    try {
      formatter = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    } catch {
      // An unknown zone name: read the clock in UTC rather than fail the draft.
      formatter = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
    }
    if (wallClockFormatters.size >= 1000) wallClockFormatters.clear();
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time of `now` in the instructor's time zone (the customer's "Saturday" is theirs). */
export function wallClock(
  now: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = wallClockFormatter(timeZone).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
}

/** chrono works on wall-clock components; a UTC reference with offset 0 keeps them the instructor's. */
export function chronoReference(now: Date, timeZone: string): { instant: Date; timezone: number } {
  const wc = wallClock(now, timeZone);
  return { instant: new Date(Date.UTC(wc.year, wc.month - 1, wc.day, wc.hour, wc.minute)), timezone: 0 };
}
