"use client";
/**
 * The instructor's time zone and locale on the client: the server layout passes them in, so the
 * server HTML and the hydrated page format every time with the same settings (lib/format/date-time).
 */
import { createContext, useContext, type ReactNode } from "react";
import { formatDateTime, formatListTime, type TimeSettings } from "@/lib/format/date-time";

const TimeSettingsContext = createContext<TimeSettings | null>(null);

export function TimeSettingsProvider({ value, children }: { value: TimeSettings; children: ReactNode }) {
  return <TimeSettingsContext.Provider value={value}>{children}</TimeSettingsContext.Provider>;
}

export function useTimeSettings(): TimeSettings {
  const settings = useContext(TimeSettingsContext);
  if (!settings) throw new Error("useTimeSettings needs a TimeSettingsProvider (the signed-in layout gives one)");
  return settings;
}

/** A day and time in the instructor's zone, e.g. "30 nov, 21:14" (wrap it in a <time>). */
export function DateTimeText({ iso }: { iso: string }) {
  const settings = useTimeSettings();
  return (
    <span data-time-zone={settings.timeZone} data-iso={iso}>
      {formatDateTime(iso, settings)}
    </span>
  );
}

/** The short time of a list row in the instructor's zone: today's time, else a weekday or a date. */
export function ListTimeText({ iso }: { iso: string }) {
  const settings = useTimeSettings();
  return (
    <span data-time-zone={settings.timeZone} data-iso={iso}>
      {formatListTime(iso, settings)}
    </span>
  );
}
