/**
 * Quiet hours: a daily window, in the instructor's own time zone, during which no notification is
 * sent (the message still waits in the inbox). A window may cross midnight (22:00 → 07:00).
 */
export interface QuietHours {
  enabled: boolean;
  /** Minutes after local midnight, 0…1439. */
  startMinute: number;
  endMinute: number;
}

/** Minutes after midnight of `now` in `timeZone` (IANA). */
export function localMinuteOfDay(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

/** True when `now` falls inside the quiet window in `timeZone`. An empty window (start = end) is never quiet. */
export function isWithinQuietHours({
  quietHours,
  now,
  timeZone,
}: {
  quietHours: QuietHours;
  now: Date;
  timeZone: string;
}): boolean {
  const { enabled, startMinute, endMinute } = quietHours;
  if (!enabled || startMinute === endMinute) return false;
  const minute = localMinuteOfDay(now, timeZone);
  return startMinute < endMinute
    ? minute >= startMinute && minute < endMinute
    : minute >= startMinute || minute < endMinute;
}

/** "07:30" ↔ 450. */
export function minuteToClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

export function clockToMinute(clock: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}
