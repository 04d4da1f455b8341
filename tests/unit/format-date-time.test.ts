import { describe, expect, it } from "vitest";
import {
  dayInZone,
  formatDateTime,
  formatListTime,
  formatTime,
  isSupportedLocale,
  isSupportedTimeZone,
  localeForRegion,
  resolveTimeSettings,
  timeZoneForRegion,
} from "@/lib/format/date-time";

const giulia = { timeZone: "Europe/Rome", locale: "it-IT" };
const lukas = { timeZone: "Europe/Zurich", locale: "de-CH" };

describe("region defaults", () => {
  it("gives Italy Europe/Rome and it-IT, Switzerland Europe/Zurich and de-CH, Britain en-GB", () => {
    expect(resolveTimeSettings({ defaultRegion: "IT" })).toEqual(giulia);
    expect(resolveTimeSettings({ defaultRegion: "CH" })).toEqual(lukas);
    expect(localeForRegion("GB")).toBe("en-GB");
    expect(timeZoneForRegion("GB")).toBe("Europe/London");
  });

  it("picks the main zone of a country with several, not the alphabetically first", () => {
    expect(timeZoneForRegion("US")).toBe("America/New_York");
    expect(timeZoneForRegion("DE")).toBe("Europe/Berlin");
    expect(timeZoneForRegion("ES")).toBe("Europe/Madrid");
  });

  it("falls back to UTC and en-GB for a region that is not a country code", () => {
    expect(resolveTimeSettings({ defaultRegion: "??" })).toEqual({ timeZone: "UTC", locale: "en-GB" });
  });

  it("keeps a chosen zone and locale, and ignores stored ones this runtime does not know", () => {
    expect(resolveTimeSettings({ defaultRegion: "IT", timeZone: "America/New_York", locale: "en-US" })).toEqual({
      timeZone: "America/New_York",
      locale: "en-US",
    });
    expect(resolveTimeSettings({ defaultRegion: "IT", timeZone: "Mars/Olympus", locale: "not a locale" })).toEqual(
      giulia,
    );
  });
});

describe("validation", () => {
  it("accepts IANA zones, their aliases and UTC; refuses anything else", () => {
    for (const zone of [
      "Europe/Rome",
      "Europe/Zurich",
      "America/Argentina/Buenos_Aires",
      "Europe/Kyiv",
      "Europe/Kiev",
      "UTC",
    ])
      expect(isSupportedTimeZone(zone), zone).toBe(true);
    for (const zone of ["", "Mars/Olympus", "Europe/../../etc/passwd", "europe rome", "+01:00"])
      expect(isSupportedTimeZone(zone), zone).toBe(false);
  });

  it("accepts locales the formatter supports; refuses malformed ones", () => {
    for (const locale of ["it-IT", "de-CH", "en-GB", "en-US", "fr"])
      expect(isSupportedLocale(locale), locale).toBe(true);
    for (const locale of ["", "not a locale", "xx-!!", "a".repeat(40)])
      expect(isSupportedLocale(locale), locale).toBe(false);
  });
});

describe("formatting in the instructor's zone and locale", () => {
  const evening = "2026-11-30T20:14:00Z"; // 21:14 in Rome and Zurich (CET)
  const summer = "2026-07-01T20:14:00Z"; // 22:14 in Rome (CEST)

  it("shows Giulia 24-hour times in Europe/Rome, winter and summer, whatever the server's zone", () => {
    expect(formatTime(evening, giulia)).toBe("21:14");
    expect(formatTime(summer, giulia)).toBe("22:14");
    expect(formatDateTime(evening, giulia)).toMatch(/^30 nov,? 21:14$/);
    expect(formatDateTime(evening, giulia)).not.toMatch(/PM|AM/);
  });

  it("shows Lukas 24-hour times in Europe/Zurich and en-US users 12-hour times in their zone", () => {
    expect(formatDateTime(evening, lukas)).toContain("21:14");
    expect(formatDateTime(evening, lukas)).toMatch(/^30\. ?Nov/);
    expect(formatTime(evening, { timeZone: "America/New_York", locale: "en-US" })).toBe("03:14 PM");
  });

  it("prints plain spaces only, so server and browser ICU versions print the same characters", () => {
    const text = formatDateTime(evening, { timeZone: "America/New_York", locale: "en-US" });
    expect(text).not.toMatch(/[\u00a0\u202f\u2009]/);
  });

  it("decides 'today' in the instructor's zone, not the server's", () => {
    // 23:10 UTC on 30 Nov is 00:10 on 1 Dec in Rome; at 23:30 UTC it is still the same day in Rome.
    const now = new Date("2026-11-30T23:30:00Z");
    expect(dayInZone("2026-11-30T23:10:00Z", giulia)).toBe("2026-12-01");
    expect(formatListTime("2026-11-30T23:10:00Z", giulia, now)).toBe("00:10");
    // 22:50 UTC is 23:50 on 30 Nov in Rome: yesterday there, so a weekday, not a time.
    expect(formatListTime("2026-11-30T22:50:00Z", giulia, now)).toBe("lun");
    expect(formatListTime("2026-11-01T10:00:00Z", giulia, now)).toMatch(/^1 nov$/);
  });
});
