/**
 * What a customer's turn says about the lesson they want: the date, the time, the part of the day, the
 * number of people and the level, in en, it, de, fr and es. Pure.
 *
 * Dates and times come from chrono-node, whose locale parsers cover all five languages (chrono.en, .it,
 * .de, .fr, .es: "sabato mattina", "am Dienstag um 10", "demain 14h", "mañana a las 9"). Hand-written here,
 * because chrono does not do them: a bare day of the month ("am 14.", "the 14th", "le 14"), the
 * afternoon that turns "a las 2 de la tarde" into 14:00, the part of the day as a fact of its own,
 * group sizes ("2 adultos y un niño", "wir sind zu zweit", "me and my son") and levels. No library in
 * the registry extracts those two in these languages.
 */
import { LANGUAGES, type LanguageCode } from "@/lib/vocabulary";
import { chronoReference, DATE_PARSERS, wallClock } from "./date-parsers";
import { normalizeText } from "@/lib/classification/normalize-text";
import type { Level } from "./instructor-profile";

export type PartOfDay = "morning" | "afternoon" | "evening" | "full_day" | "half_day";

export interface TurnFacts {
  /** A calendar date the customer named (a weekday resolves to the next one), ISO yyyy-mm-dd. */
  date: { iso: string; text: string } | null;
  /** A clock time the customer named, "HH:MM" (24 h). */
  time: { hhmm: string; text: string } | null;
  partOfDay: PartOfDay | null;
  people: { total: number; adults: number | null; children: number | null; text: string } | null;
  level: { level: Exclude<Level, "any">; text: string } | null;
}

export const NO_FACTS: TurnFacts = { date: null, time: null, partOfDay: null, people: null, level: null };

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

export function extractFacts({
  text,
  language,
  now,
  timeZone,
}: {
  text: string;
  language: LanguageCode;
  now: Date;
  timeZone: string;
}): TurnFacts {
  const norm = normalizeText(text);
  const partOfDay = findPartOfDay(norm);
  const { date, time } = findDateTime(text, language, now, timeZone, partOfDay);
  return { date, time, partOfDay, people: findPeople(norm), level: findLevel(norm) };
}

function findDateTime(
  text: string,
  language: LanguageCode,
  now: Date,
  timeZone: string,
  partOfDay: PartOfDay | null,
): Pick<TurnFacts, "date" | "time"> {
  const wc = wallClock(now, timeZone);
  const ref = chronoReference(now, timeZone);
  const order = [language, ...LANGUAGES.filter((l) => l !== language)];
  let date: TurnFacts["date"] = null;
  let time: TurnFacts["time"] = null;
  for (const lang of order) {
    // "tmrw"/"2moro" are how people type "tomorrow" on a phone.
    const prepared = lang === "en" ? text.replace(/\b(tmrw|tmr|tomoz|2moro|2morrow)\b/gi, "tomorrow") : text;
    const results = DATE_PARSERS[lang].parse(prepared, ref, { forwardDate: true });
    for (const r of results) {
      // "a 1hr session", "2 Stunden": a duration, not "an hour from now".
      if (
        /^(?:an?|one|\d+(?:[.,]\d)?)\s*(?:hrs?|hours?|h|mins?|minutes?|ora|ore|stunden?|std|heures?|horas?)$/i.test(
          r.text.trim(),
        )
      )
        continue;
      const s = r.start;
      // A lone number ("2 kids", "5 lessons") is not a date: chrono must have seen a day, weekday or month.
      const hasDay = s.isCertain("day") || s.isCertain("weekday") || s.isCertain("month");
      const relativeDay =
        /\b(tomorrow|today|domani|oggi|dopodomani|morgen|heute|ubermorgen|übermorgen|demain|aujourd|apres-demain|après-demain|manana|mañana|hoy|pasado)\b/i.test(
          r.text,
        );
      if (!date && (hasDay || relativeDay) && !isPartOfDayOnly(r.text)) {
        date = { iso: iso(s.get("year")!, s.get("month")!, s.get("day")!), text: r.text.trim() };
      }
      if (!time && s.isCertain("hour")) {
        let hour = s.get("hour")!;
        // "a las 2 de la tarde", "domani pomeriggio alle 3": an afternoon hour written on a 12 h clock.
        if (hour >= 1 && hour <= 8 && (partOfDay === "afternoon" || partOfDay === "evening")) hour += 12;
        time = {
          hhmm: `${String(hour).padStart(2, "0")}:${String(s.get("minute") ?? 0).padStart(2, "0")}`,
          text: r.text.trim(),
        };
      }
    }
    if (date || time) break;
  }
  if (!date) date = bareDayOfMonth(text, wc);
  return { date, time };
}

/** "tarde", "morning" alone parse as today in chrono: a part of the day is not a date. */
function isPartOfDayOnly(t: string): boolean {
  return /^(?:this |in the |la |en la |por la |de la |il |am |le |en |el )?(morning|afternoon|evening|tonight|tarde|noche|mattina|pomeriggio|sera|morgen|nachmittag|abend|matin|soir|apres-midi|après-midi)$/i.test(
    t.trim(),
  );
}

/** "am 14.", "the 14th", "le 14", "il 14", "el 14": the next 14th of a month. */
function bareDayOfMonth(text: string, wc: { year: number; month: number; day: number }): TurnFacts["date"] {
  const m =
    /(?:\b(?:am|the|on the|le|il|el|dal|vom|du|del)\s+)(\d{1,2})(?:\.|st|nd|rd|th|er)?(?![\d:.,]*\s*(?:h\b|uhr|€|eur|chf|people|persone|personen|personnes|personas|anni|ans|años|jahre|years|min|ore|hours|heures|horas|stunden))/i.exec(
      text,
    );
  if (!m) return null;
  const day = Number(m[1]);
  if (day < 1 || day > 31) return null;
  let { year, month } = wc;
  if (day < wc.day) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return { iso: iso(year, month, day), text: m[0].trim() };
}

const PART_OF_DAY: [PartOfDay, RegExp][] = [
  [
    "full_day",
    /\b(full day|whole day|all day|tutto il giorno|giornata intera|intera giornata|ganzen tag|ganztag|toute la journee|journee complete|todo el dia|dia completo)\b/,
  ],
  ["half_day", /\b(half day|half-day|mezza giornata|halben tag|halbtag|demi[- ]journee|medio dia|media jornada)\b/],
  [
    "morning",
    /\b(morning|mornings|mattina|mattinata|mattine|vormittag|vormittags|am morge|morgens|matin|matinee|en la manana|por la manana|de la manana|las mananas|en las mananas)\b/,
  ],
  [
    "afternoon",
    /\b(afternoon|arvo|pomeriggio|nachmittag|nachmittags|namittag|apres-midi|aprem|en la tarde|por la tarde|de la tarde)\b/,
  ],
  ["evening", /\b(evening|evenings|tonight|sera|serata|abend|abends|soir|soiree|en la noche|por la noche)\b/],
];

function findPartOfDay(norm: string): PartOfDay | null {
  for (const [part, re] of PART_OF_DAY) if (re.test(norm)) return part;
  return null;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  a: 1,
  an: 1,
  uno: 1,
  una: 1,
  un: 1,
  due: 2,
  tre: 3,
  quattro: 4,
  cinque: 5,
  sei: 6,
  sette: 7,
  otto: 8,
  nove: 9,
  dieci: 10,
  ein: 1,
  eine: 1,
  einen: 1,
  einem: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  funf: 5,
  fuenf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six_fr: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  quatto: 4,
  duje: 2,
  tri: 3,
};
const ARTICLES = new Set(["a", "an", "un", "une", "una", "uno", "ein", "eine", "einen", "einem"]);
const words = (withArticles: boolean) =>
  Object.keys(NUMBER_WORDS)
    .filter((k) => !k.includes("_") && (withArticles || !ARTICLES.has(k)))
    .sort((a, b) => b.length - a.length)
    .join("|");
/** A count in digits or words; NUM_A also takes "a"/"un"/"ein" ("2 adultos y un niño"). */
const NUM = `(\\d{1,2}|${words(false)})`;
const NUM_A = `(\\d{1,2}|${words(true)})`;
const toNumber = (s: string) => (/^\d+$/.test(s) ? Number(s) : (NUMBER_WORDS[s] ?? NaN));

const ADULT = `(?:adults?|grown-?ups?|adulti|erwachsene[n]?|adultes?|adultos?)`;
const CHILD = `(?:kids?|children|child|boys?|girls?|bambin[ie]|bimb[ie]|ragazz[ie]|figli|kinder[n]?|kids|enfants?|gamins?|ninos?|ninas?|chicos?|hijos?|peques?)`;
const PERSON = `(?:people|persons?|pax|of us|guys|mates|friends|persone|amici|guagliune|personen|leute|leuten|leit|freunde|personnes|potes|amis|personas|amigos|cuates)`;

function findPeople(norm: string): TurnFacts["people"] {
  let adults: number | null = null;
  let children: number | null = null;
  const texts: string[] = [];
  const adultRe = new RegExp(`\\b${NUM_A}\\s+${ADULT}\\b`, "u");
  const childRe = new RegExp(`\\b${NUM_A}\\s+(?:small |little |piccoli |kleine |petits |pequenos )?${CHILD}\\b`, "u");
  const a = adultRe.exec(norm);
  if (a) {
    adults = toNumber(a[1]!);
    texts.push(a[0]);
  }
  const c = childRe.exec(norm);
  // "a kid" alone says nothing about the group; "2 adults and a kid" does.
  if (c && (!ARTICLES.has(c[1]!) || adults !== null)) {
    children = toNumber(c[1]!);
    texts.push(c[0]);
  }
  if (adults !== null || children !== null) {
    const total = (adults ?? 0) + (children ?? 0);
    if (total > 0 && total <= 60) return { total, adults, children, text: texts.join(" + ") };
  }
  const patterns: RegExp[] = [
    new RegExp(`\\b${NUM}\\s+(?:of us|${PERSON})\\b`, "u"),
    new RegExp(
      `\\b(?:we are|we're|there are|there's|siamo|simme|simmo|wir sind|mir sind|mia san|nous sommes|on est|on sera|somos|seremos|seriamos)\\s+(?:in\\s+)?${NUM}\\b`,
      "u",
    ),
    new RegExp(
      `\\b(?:for|per|fur|fuer|pour|para)\\s+${NUM}(?!\\s*(?:h|hours?|ore|stunden|heures|horas|days?|giorni|tage|jours|dias|uhr|:|\\.\\d|am|pm|years|anni|jahre|ans|anos)\\b)`,
      "u",
    ),
    new RegExp(`\\b${NUM}\\s+(?:adulti e|adults and|erwachsene und|adultes et|adultos y)\\b`, "u"),
  ];
  for (const re of patterns) {
    const m = re.exec(norm);
    if (m) {
      const n = toNumber(m[1]!);
      if (n > 0 && n <= 60) return { total: n, adults: null, children: null, text: m[0] };
    }
  }
  const pairs: [RegExp, number][] = [
    [/\bzu (zweit|dritt|viert|funft|fuenft)\b/u, 0],
    [/\b(?:a|en) (deux|trois|quatre)\b/u, 0],
    [/\bin (due|tre|quattro|cinque)\b(?! (?:ore|giorni|settimane))/u, 0],
  ];
  const german: Record<string, number> = { zweit: 2, dritt: 3, viert: 4, funft: 5, fuenft: 5 };
  for (const [re] of pairs) {
    const m = re.exec(norm);
    if (m) return { total: german[m[1]!] ?? toNumber(m[1]!), adults: null, children: null, text: m[0] };
  }
  // "me and my son", "per me e mia moglie", "für mich und meine Frau", "pour moi et ma femme", "para mi y mi hijo"
  const withMe =
    /\b(?:my|mia|mio|meine[nm]?|mein|ma|mon|mi)\s+\p{L}+\s+(?:and|n|&|e|und|et|y)\s+(?:me|myself|io|mich|mir|moi|mi|yo)\b/u.exec(
      norm,
    );
  if (withMe) return { total: 2, adults: null, children: null, text: withMe[0] };
  const couple =
    /\b(?:me|myself|me n|io|mich|mir|moi|mi|yo)\s+(?:and|n|&|e|und|et|y)\s+(?:my|mia|mio|meine[nm]?|mein|ma|mon|mi)\s+(\p{L}+)/u.exec(
      norm,
    );
  if (couple) return { total: 2, adults: null, children: null, text: couple[0] };
  const alone =
    /\b(?:just me|only me|solo io|nur ich|juste moi|seulement moi|solo yo|solo para mi|nur fur mich|nur fuer mich|nur mich)\b/u.exec(
      norm,
    );
  if (alone) return { total: 1, adults: 1, children: null, text: alone[0] };
  return null;
}

const LEVEL_WORDS: [Exclude<Level, "any">, RegExp][] = [
  [
    "advanced",
    /\b(advanced|expert|experts|experienced|esperti|esperto|esperta|avanzat[oi]|fortgeschritten\p{L}*|profis?|avance[es]?|confirme[es]?|experimentad[oa]s?|avanzad[oa]s?|expert[oa]s?)\b/u,
  ],
  [
    "intermediate",
    /\b(intermediate|intermediate-ish|medium level|livello medio|livello intermedio|intermedi[oa]|medio livello|mittelstufe|mittleres niveau|mittel|niveau moyen|niveau intermediaire|intermediaire|nivel medio|nivel intermedio|intermedios?)\b/u,
  ],
  [
    "beginner",
    /\b(beginners?|total beginners?|complete beginners?|first time|never (?:skied|sailed|surfed|been|done)|noobs?|newbies?|principiant[ei]|mai sciato|mai fatto|prima volta|anfanger\p{L}*|anfaenger\p{L}*|neuling\p{L}*|noch nie|debutant\p{L}*|jamais fait|premiere fois|principiantes?|novat[oa]s?|nunca (?:ha|he|hemos|han)|primera vez)\b/u,
  ],
];

function findLevel(norm: string): TurnFacts["level"] {
  for (const [level, re] of LEVEL_WORDS) {
    const m = re.exec(norm);
    if (m) return { level, text: m[0] };
  }
  return null;
}
