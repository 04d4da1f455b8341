/**
 * Dates and times in the instructor's own time zone and locale. Pure, and the only date formatter of
 * the app: the server renders with it and the browser hydrates with it, from the same zone and locale
 * (the server hands them to the client), so both produce the same text.
 * Region → zone and region → locale come from the runtime's Intl (ICU/CLDR) data, not a hand-kept
 * list: `Intl.Locale#getTimeZones` lists a region's zones, `Intl.Locale#maximize` its likely language.
 */

export interface TimeSettings {
  /** IANA time zone name, e.g. "Europe/Rome". */
  timeZone: string;
  /** BCP 47 locale, e.g. "it-IT" (24-hour) or "en-US" (12-hour). */
  locale: string;
}

/**
 * Intl lists a country's zones alphabetically and does not say which one most people live in; for
 * the countries with several zones where that first one is a poor default, the most populous zone.
 */
const MAIN_ZONE: Record<string, string> = {
  AR: "America/Argentina/Buenos_Aires",
  AU: "Australia/Sydney",
  BR: "America/Sao_Paulo",
  CA: "America/Toronto",
  CD: "Africa/Kinshasa",
  CL: "America/Santiago",
  CN: "Asia/Shanghai",
  DE: "Europe/Berlin",
  EC: "America/Guayaquil",
  ES: "Europe/Madrid",
  GL: "America/Nuuk",
  ID: "Asia/Jakarta",
  KZ: "Asia/Almaty",
  MN: "Asia/Ulaanbaatar",
  MX: "America/Mexico_City",
  MY: "Asia/Kuala_Lumpur",
  NZ: "Pacific/Auckland",
  PT: "Europe/Lisbon",
  RU: "Europe/Moscow",
  UA: "Europe/Kyiv",
  US: "America/New_York",
  UZ: "Asia/Tashkent",
};

const FALLBACK: TimeSettings = { timeZone: "UTC", locale: "en-GB" };

/** The zone's canonical name as this runtime's ICU knows it, or null when it is not a time zone. */
function canonicalZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let supportedZones: Set<string> | null = null;
/** The IANA names this runtime supports (ICU's list; "UTC" included). */
export function supportedTimeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : [...zones, "UTC"];
}

/** True for an IANA zone name this runtime supports, aliases included (Europe/Kyiv and Europe/Kiev). */
export function isSupportedTimeZone(zone: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return false;
  supportedZones ??= new Set(supportedTimeZones());
  if (supportedZones.has(zone)) return true;
  const canonical = canonicalZone(zone);
  return canonical !== null && supportedZones.has(canonical);
}

/**
 * A small memo for the region and locale lookups below: Intl answers them slowly (a draft, a push and every
 * settings read ask again) and the same way for the life of the process. Bounded: keys can come from input.
 */
function memoized<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = compute(key);
    if (cache.size >= 500) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/** True for a well-formed locale the date formatter supports (not just a fallback to another). */
export const isSupportedLocale: (locale: string) => boolean = memoized((locale) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    return canonical !== undefined && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 1;
  } catch {
    return false;
  }
});

function regionZones(region: string): string[] {
  const locale = new Intl.Locale(`und-${region}`) as Intl.Locale & {
    getTimeZones?: () => string[] | undefined;
    timeZones?: string[];
  };
  // Newer runtimes have the method, older ones (Node 20) the getter of the same proposal.
  return (typeof locale.getTimeZones === "function" ? locale.getTimeZones() : locale.timeZones) ?? [];
}

/** The default zone of an ISO 3166-1 alpha-2 region: IT → Europe/Rome, CH → Europe/Zurich. */
export const timeZoneForRegion: (region: string) => string = memoized((region) => {
  const code = region.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return FALLBACK.timeZone;
  const main = MAIN_ZONE[code];
  if (main && isSupportedTimeZone(main)) return main;
  return regionZones(code)[0] ?? FALLBACK.timeZone;
});

/** The default locale of a region: its likely language with the region (it-IT, de-CH, en-GB). */
export const localeForRegion: (region: string) => string = memoized((region) => {
  const code = region.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return FALLBACK.locale;
  try {
    const locale = `${new Intl.Locale(`und-${code}`).maximize().language}-${code}`;
    return isSupportedLocale(locale) ? locale : FALLBACK.locale;
  } catch {
    return FALLBACK.locale;
  }
});

/** The instructor's settings: the chosen zone and locale, else the ones of their region. */
export function resolveTimeSettings({
  timeZone,
  locale,
  defaultRegion,
}: {
  timeZone?: string | null;
  locale?: string | null;
  defaultRegion: string;
}): TimeSettings {
  return {
    timeZone: timeZone && isSupportedTimeZone(timeZone) ? timeZone : timeZoneForRegion(defaultRegion),
    locale: locale && isSupportedLocale(locale) ? locale : localeForRegion(defaultRegion),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(settings: TimeSettings, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${settings.locale}|${settings.timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(settings.locale, { ...options, timeZone: settings.timeZone });
    formatters.set(key, f);
  }
  return f;
}

// ICU versions differ on the spaces they put in times ("9:14 PM" with U+202F or U+0020): the server's
// Node and the user's browser must print the same characters, so every kind of space becomes a plain one.
function plain(text: string): string {
  return text.replace(/[\u00a0\u202f\u2009]/g, " ");
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The calendar day (YYYY-MM-DD) of an instant in the settings' zone. */
export function dayInZone(value: string | Date, settings: TimeSettings): string {
  const parts = formatter(
    { ...settings, locale: "en-US" },
    { year: "numeric", month: "2-digit", day: "2-digit" },
  ).formatToParts(toDate(value));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A time in a list: "21:14" today, the weekday within the last 6 days, else "3 nov". */
export function formatListTime(value: string | Date, settings: TimeSettings, now: Date = new Date()): string {
  const date = toDate(value);
  if (dayInZone(date, settings) === dayInZone(now, settings)) return formatTime(date, settings);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days >= 0 && days < 6) return plain(formatter(settings, { weekday: "short" }).format(date));
  return plain(formatter(settings, { day: "numeric", month: "short" }).format(date));
}

/** A time of day: "21:14" (it-IT), "9:14 PM" (en-US). */
export function formatTime(value: string | Date, settings: TimeSettings): string {
  return plain(formatter(settings, { hour: "2-digit", minute: "2-digit" }).format(toDate(value)));
}

/** A day and time: "30 nov, 21:14" (it-IT), "30. Nov., 21:14" (de-CH). */
export function formatDateTime(value: string | Date, settings: TimeSettings): string {
  return plain(
    formatter(settings, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(toDate(value)),
  );
}
