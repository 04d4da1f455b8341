/** Small display helpers shared by the inbox pages. Pure. */
import { parsePhoneNumberFromString } from "libphonenumber-js";

export function formatPhone(identity: string): string {
  if (!/^\+?\d{6,15}$/.test(identity)) return identity;
  const parsed = parsePhoneNumberFromString(identity.startsWith("+") ? identity : `+${identity}`);
  return parsed?.formatInternational() ?? identity;
}

// Dates and times: lib/format/date-time.ts (the instructor's zone and locale), via components/local-time.tsx.

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return `${h} h ${m.toString().padStart(2, "0")} min`;
}

export function cx(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}
