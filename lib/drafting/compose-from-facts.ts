/**
 * Drafts that answer from facts: what the customer's turn said (extract-facts.ts) and what the instructor's
 * profile states (instructor-profile.ts). A booking repeats what was understood and asks only for what is
 * missing; a price question gets the matching offer's price (or a short list); a question the profile
 * answers (meeting point, what is included, languages, cancellation policy, FAQ) gets that answer. Pure.
 * Every fact put in a draft is returned in `facts`, so the inbox can show why the draft says what it says.
 */
import type { IntentName, LanguageCode } from "@/lib/vocabulary";
import { normalizeText } from "@/lib/classification/normalize-text";
import type { PartOfDay, TurnFacts } from "./extract-facts";
import { formatDuration, formatPrice, type InstructorProfile, type Level, type Offer } from "./instructor-profile";

export interface FactsUsed {
  offer: { name: string; price: string; duration: string } | null;
  /** Offers listed when none matched a price question. */
  offersListed: string[];
  date: { iso: string; label: string } | null;
  time: string | null;
  partOfDay: PartOfDay | null;
  people: number | null;
  level: Exclude<Level, "any"> | null;
  /** The profile entry that answered a question (FAQ question, "meeting point", "included"…). */
  answeredFrom: string | null;
  /** What the draft asks the customer for. */
  asked: ("date" | "time" | "people" | "level")[];
}

export interface ComposeFromFactsInput {
  intent: IntentName;
  language: LanguageCode;
  text: string;
  facts: TurnFacts;
  profile: InstructorProfile;
  instructorName: string;
  customerName?: string | null;
  /** The free-text price line of older settings, used when the profile has no offers. */
  priceText?: string | null;
}

export const LOCALE: Record<LanguageCode, string> = { en: "en-GB", it: "it-IT", de: "de-DE", fr: "fr-FR", es: "es-ES" };

interface Phrases {
  hi: (name: string | null) => string;
  thanks: string;
  bookingOpen: string;
  understood: (parts: string) => string;
  offer: (name: string, duration: string, price: string) => string;
  ask: (items: string) => string;
  willConfirm: string;
  availabilityOpen: string;
  rescheduleOpen: string;
  rescheduleTo: (parts: string) => string;
  askNewTime: string;
  priceOne: (name: string, duration: string, price: string) => string;
  priceList: (items: string) => string;
  priceGroup: (min: number, max: number) => string;
  missing: Record<"date" | "time" | "people" | "level", string>;
  and: string;
  people: (n: number, adults: number | null, children: number | null) => string;
  level: Record<Exclude<Level, "any">, string>;
  partOfDay: Record<PartOfDay, string>;
  at: (time: string) => string;
  meetingPoint: string;
  included: string;
  notIncluded: string;
  languages: string;
  cancellation: string;
  languageNames: Record<string, string>;
}

const PHRASES: Record<LanguageCode, Phrases> = {
  en: {
    hi: (n) => (n ? `Hi ${n},` : "Hi,"),
    thanks: "thanks for your message!",
    bookingOpen: "I'd be happy to book you in.",
    understood: (p) => `So that's ${p}.`,
    offer: (n, d, p) => `${n} (${d}): ${p}.`,
    ask: (i) => `Could you tell me ${i}?`,
    willConfirm: "I'll check my calendar and confirm shortly.",
    availabilityOpen: "Let me check my calendar.",
    rescheduleOpen: "No problem.",
    rescheduleTo: (p) => `I'll check whether ${p} works and confirm.`,
    askNewTime: "Which new day and time would suit you? I'll check and confirm.",
    priceOne: (n, d, p) => `${n} (${d}) is ${p}.`,
    priceList: (i) => `My prices: ${i}.`,
    priceGroup: (a, b) => (a === b ? `for ${b} ${b === 1 ? "person" : "people"}` : `for ${a}–${b} people`),
    missing: { date: "the day", time: "the time", people: "how many people", level: "your level" },
    and: "and",
    people: (n, a, c) =>
      `${n} ${n === 1 ? "person" : "people"}${a !== null && c !== null ? ` (${a} ${a === 1 ? "adult" : "adults"}, ${c} ${c === 1 ? "child" : "children"})` : ""}`,
    level: { beginner: "beginners", intermediate: "intermediate level", advanced: "advanced level" },
    partOfDay: {
      morning: "in the morning",
      afternoon: "in the afternoon",
      evening: "in the evening",
      full_day: "for the whole day",
      half_day: "for half a day",
    },
    at: (t) => `at ${t}`,
    meetingPoint: "We meet at",
    included: "Included:",
    notIncluded: "Not included:",
    languages: "I teach in",
    cancellation: "Cancellation policy:",
    languageNames: { en: "English", it: "Italian", de: "German", fr: "French", es: "Spanish" },
  },
  it: {
    hi: (n) => (n ? `Ciao ${n},` : "Ciao,"),
    thanks: "grazie per il messaggio!",
    bookingOpen: "Prenoto volentieri.",
    understood: (p) => `Quindi: ${p}.`,
    offer: (n, d, p) => `${n} (${d}): ${p}.`,
    ask: (i) => `Mi dici ${i}?`,
    willConfirm: "Controllo l'agenda e ti confermo a breve.",
    availabilityOpen: "Controllo l'agenda.",
    rescheduleOpen: "Nessun problema.",
    rescheduleTo: (p) => `Controllo se ${p} va bene e ti confermo.`,
    askNewTime: "Che nuovo giorno e orario ti andrebbero bene? Controllo e ti confermo.",
    priceOne: (n, d, p) => `${n} (${d}) costa ${p}.`,
    priceList: (i) => `I miei prezzi: ${i}.`,
    priceGroup: (a, b) => (a === b ? `per ${b} ${b === 1 ? "persona" : "persone"}` : `per ${a}–${b} persone`),
    missing: { date: "che giorno", time: "a che ora", people: "quante persone", level: "il vostro livello" },
    and: "e",
    people: (n, a, c) =>
      `${n} ${n === 1 ? "persona" : "persone"}${a !== null && c !== null ? ` (${a} ${a === 1 ? "adulto" : "adulti"}, ${c} ${c === 1 ? "bambino" : "bambini"})` : ""}`,
    level: { beginner: "principianti", intermediate: "livello intermedio", advanced: "livello avanzato" },
    partOfDay: {
      morning: "di mattina",
      afternoon: "di pomeriggio",
      evening: "di sera",
      full_day: "per tutta la giornata",
      half_day: "per mezza giornata",
    },
    at: (t) => `alle ${t}`,
    meetingPoint: "Ci troviamo a",
    included: "Compreso:",
    notIncluded: "Non compreso:",
    languages: "Insegno in",
    cancellation: "Cancellazione:",
    languageNames: { en: "inglese", it: "italiano", de: "tedesco", fr: "francese", es: "spagnolo" },
  },
  de: {
    hi: (n) => (n ? `Hallo ${n},` : "Hallo,"),
    thanks: "danke für deine Nachricht!",
    bookingOpen: "Ich buche dich gerne ein.",
    understood: (p) => `Also: ${p}.`,
    offer: (n, d, p) => `${n} (${d}): ${p}.`,
    ask: (i) => `Sag mir bitte noch ${i}.`,
    willConfirm: "Ich schaue in meinen Kalender und bestätige dir bald.",
    availabilityOpen: "Ich schaue in meinen Kalender.",
    rescheduleOpen: "Kein Problem.",
    rescheduleTo: (p) => `Ich prüfe, ob ${p} geht, und bestätige dir.`,
    askNewTime: "Welcher neue Tag und welche Uhrzeit würden dir passen? Ich prüfe das und bestätige dir.",
    priceOne: (n, d, p) => `${n} (${d}) kostet ${p}.`,
    priceList: (i) => `Meine Preise: ${i}.`,
    priceGroup: (a, b) => (a === b ? `für ${b} ${b === 1 ? "Person" : "Personen"}` : `für ${a}–${b} Personen`),
    missing: { date: "den Tag", time: "die Uhrzeit", people: "wie viele Personen", level: "euer Niveau" },
    and: "und",
    people: (n, a, c) =>
      `${n} ${n === 1 ? "Person" : "Personen"}${a !== null && c !== null ? ` (${a} ${a === 1 ? "Erwachsener" : "Erwachsene"}, ${c} ${c === 1 ? "Kind" : "Kinder"})` : ""}`,
    level: { beginner: "Anfänger", intermediate: "Mittelstufe", advanced: "Fortgeschrittene" },
    partOfDay: {
      morning: "am Vormittag",
      afternoon: "am Nachmittag",
      evening: "am Abend",
      full_day: "den ganzen Tag",
      half_day: "einen halben Tag",
    },
    at: (t) => `um ${t} Uhr`,
    meetingPoint: "Treffpunkt:",
    included: "Inbegriffen:",
    notIncluded: "Nicht inbegriffen:",
    languages: "Ich unterrichte auf",
    cancellation: "Stornobedingungen:",
    languageNames: { en: "Englisch", it: "Italienisch", de: "Deutsch", fr: "Französisch", es: "Spanisch" },
  },
  fr: {
    hi: (n) => (n ? `Bonjour ${n},` : "Bonjour,"),
    thanks: "merci pour votre message !",
    bookingOpen: "Je vous réserve volontiers un cours.",
    understood: (p) => `Donc : ${p}.`,
    offer: (n, d, p) => `${n} (${d}) : ${p}.`,
    ask: (i) => `Pouvez-vous m'indiquer ${i} ?`,
    willConfirm: "Je vérifie mon agenda et je vous confirme très vite.",
    availabilityOpen: "Je regarde mon agenda.",
    rescheduleOpen: "Pas de souci.",
    rescheduleTo: (p) => `Je vérifie si ${p} me convient et je vous confirme.`,
    askNewTime: "Quel nouveau jour et quelle heure vous conviendraient ? Je vérifie et je vous confirme.",
    priceOne: (n, d, p) => `${n} (${d}) : ${p}.`,
    priceList: (i) => `Mes tarifs : ${i}.`,
    priceGroup: (a, b) => (a === b ? `pour ${b} ${b === 1 ? "personne" : "personnes"}` : `pour ${a} à ${b} personnes`),
    missing: { date: "le jour", time: "l'heure", people: "le nombre de personnes", level: "votre niveau" },
    and: "et",
    people: (n, a, c) =>
      `${n} ${n === 1 ? "personne" : "personnes"}${a !== null && c !== null ? ` (${a} ${a === 1 ? "adulte" : "adultes"}, ${c} ${c === 1 ? "enfant" : "enfants"})` : ""}`,
    level: { beginner: "débutants", intermediate: "niveau intermédiaire", advanced: "niveau avancé" },
    partOfDay: {
      morning: "le matin",
      afternoon: "l'après-midi",
      evening: "le soir",
      full_day: "pour la journée",
      half_day: "pour une demi-journée",
    },
    at: (t) => `à ${t.replace(":", "h")}`,
    meetingPoint: "Rendez-vous :",
    included: "Inclus :",
    notIncluded: "Non inclus :",
    languages: "J'enseigne en",
    cancellation: "Annulation :",
    languageNames: { en: "anglais", it: "italien", de: "allemand", fr: "français", es: "espagnol" },
  },
  es: {
    hi: (n) => (n ? `Hola ${n},` : "Hola,"),
    thanks: "¡gracias por tu mensaje!",
    bookingOpen: "Con gusto te reservo.",
    understood: (p) => `Entonces: ${p}.`,
    offer: (n, d, p) => `${n} (${d}): ${p}.`,
    ask: (i) => `¿Me dices ${i}?`,
    willConfirm: "Miro mi agenda y te confirmo en breve.",
    availabilityOpen: "Miro mi agenda.",
    rescheduleOpen: "Sin problema.",
    rescheduleTo: (p) => `Miro si ${p} me va bien y te confirmo.`,
    askNewTime: "¿Qué nuevo día y hora te vendrían bien? Lo miro y te confirmo.",
    priceOne: (n, d, p) => `${n} (${d}) cuesta ${p}.`,
    priceList: (i) => `Mis precios: ${i}.`,
    priceGroup: (a, b) => (a === b ? `para ${b} ${b === 1 ? "persona" : "personas"}` : `para ${a}–${b} personas`),
    missing: { date: "qué día", time: "a qué hora", people: "cuántas personas", level: "vuestro nivel" },
    and: "y",
    people: (n, a, c) =>
      `${n} ${n === 1 ? "persona" : "personas"}${a !== null && c !== null ? ` (${a} ${a === 1 ? "adulto" : "adultos"}, ${c} ${c === 1 ? "niño" : "niños"})` : ""}`,
    level: { beginner: "principiantes", intermediate: "nivel intermedio", advanced: "nivel avanzado" },
    partOfDay: {
      morning: "por la mañana",
      afternoon: "por la tarde",
      evening: "por la noche",
      full_day: "todo el día",
      half_day: "medio día",
    },
    at: (t) => `a las ${t}`,
    meetingPoint: "Punto de encuentro:",
    included: "Incluido:",
    notIncluded: "No incluido:",
    languages: "Doy clases en",
    cancellation: "Cancelación:",
    languageNames: { en: "inglés", it: "italiano", de: "alemán", fr: "francés", es: "español" },
  },
};

export function dateLabel(isoDate: string, language: LanguageCode): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(LOCALE[language], {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

function list(items: string[], and: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first && /\p{L}/u.test(first) ? first : null;
}

const DURATION_HINTS: [RegExp, (o: Offer) => boolean][] = [
  [
    /\b(half day|half-day|mezza giornata|halben tag|halbtag|demi-journee|demi journee|medio dia|media jornada)\b/,
    (o) => o.durationMinutes >= 150 && o.durationMinutes < 300,
  ],
  [
    /\b(full day|whole day|all day|tutto il giorno|giornata|ganzen tag|ganztag|journee|todo el dia|dia completo)\b/,
    (o) => o.durationMinutes >= 300,
  ],
  [
    /\b(1 ?h|one hour|an hour|1 hr|un'ora|1 ora|eine stunde|ne stunde|1 stunde|une heure|1 heure|una hora|1 hora)\b|stunde\b/,
    (o) => o.durationMinutes <= 90,
  ],
];
const GROUP_WORDS = /\b(group|gruppo|gruppe|groupe|grupo|kids group|kindergruppe|chindergruppe)\b/;
const PRIVATE_WORDS =
  /\b(private|privat\p{L}*|1:1|one to one|individual\p{L}*|einzel\p{L}*|particulier|prive|particular)\b/u;

/** The offer the turn is about: activity or name words, duration, private/group, level and group size. */
export function matchOffer(offers: Offer[], text: string, facts: TurnFacts): Offer | null {
  if (offers.length === 0) return null;
  if (offers.length === 1) return offers[0]!;
  const norm = normalizeText(text);
  const scored = offers.map((o) => {
    let score = 0;
    for (const word of normalizeText(`${o.activity} ${o.name}`).split(/[^\p{L}\d]+/u)) {
      if (word.length >= 4 && norm.includes(word)) score += 1;
    }
    // The first duration hint that matches decides ("mezza giornata" is a half day, not a "giornata").
    const hint = DURATION_HINTS.find(([re]) => re.test(norm));
    if (hint) score += hint[1](o) ? 2 : -2;
    if (PRIVATE_WORDS.test(norm))
      score +=
        o.groupSizeMin <= 1 && /privat|private|prive|particul|einzel|individual/i.test(normalizeText(o.name)) ? 2 : 0;
    const groupOffer = /group|grupp|groupe|grupo|kids|bambini|kinder|enfants|ninos/i.test(normalizeText(o.name));
    if (GROUP_WORDS.test(norm)) score += groupOffer ? 2 : -1;
    else if (groupOffer) score -= 1;
    if (facts.people && (facts.people.total > o.groupSizeMax || facts.people.total < o.groupSizeMin)) score -= 3;
    if (facts.level && o.level !== "any") score += o.level === facts.level.level ? 1 : -1;
    return { o, score };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score <= 0) return null;
  const tied = scored.filter((s) => s.score === best.score);
  if (tied.length === 1) return best.o;
  // "A private lesson" with no length said is the basic unit: the shortest of the tied offers.
  if (DURATION_HINTS.some(([re]) => re.test(norm))) return null;
  const shortest = [...tied].sort((a, b) => a.o.durationMinutes - b.o.durationMinutes);
  return shortest[0]!.o.durationMinutes < shortest[1]!.o.durationMinutes ? shortest[0]!.o : null;
}

/** A question the profile answers, or null. */
function answerFromProfile(
  norm: string,
  profile: InstructorProfile,
  p: Phrases,
): { text: string; from: string } | null {
  // FAQ first: the instructor's own words win. A question matches on shared words of 4+ letters.
  const words = new Set(norm.split(/[^\p{L}\d]+/u).filter((w) => w.length >= 4));
  let bestFaq: { score: number; q: string; a: string } | null = null;
  for (const { question, answer } of profile.faq) {
    const qWords = normalizeText(question)
      .split(/[^\p{L}\d]+/u)
      .filter((w) => w.length >= 4);
    const score = qWords.filter(
      (w) => words.has(w) || [...words].some((x) => x.startsWith(w.slice(0, 5)) && w.length >= 5),
    ).length;
    if (score >= 2 && (!bestFaq || score > bestFaq.score)) bestFaq = { score, q: question, a: answer };
  }
  if (bestFaq) return { text: bestFaq.a, from: `FAQ: ${bestFaq.q}` };
  if (
    profile.meetingPoints.length > 0 &&
    /\b(where|meet|meeting|dove|ritrovo|troviamo|treffen|treffpunkt|wo |rendez|retrouve|ou est|donde|encuentro|vemos|quedamos)/.test(
      norm,
    )
  ) {
    return {
      text: `${p.meetingPoint} ${profile.meetingPoints.map((m) => (m.details ? `${m.name} (${m.details})` : m.name)).join("; ")}.`,
      from: "meeting point",
    };
  }
  if (
    (profile.included.length > 0 || profile.notIncluded.length > 0) &&
    /\b(includ|bring|rent|helmet|equipment|gear|pass|insurance|compres|inclus|portare|casco|attrezzatura|noleggi|skipass|assicura|inbegriff|dabei|mitbringen|helm|ausrust|leihen|versicher|apporter|casque|materiel|louer|assurance|forfait|incluid|llevar|equipo|alquil|seguro|prestan|borrow|pretez|ausleih|board|tavola|brett|planche|tabla)/.test(
      norm,
    )
  ) {
    const parts = [
      profile.included.length ? `${p.included} ${profile.included.join(", ")}.` : "",
      profile.notIncluded.length ? `${p.notIncluded} ${profile.notIncluded.join(", ")}.` : "",
    ];
    return { text: parts.filter(Boolean).join(" "), from: "what is included" };
  }
  if (
    profile.languages.length > 0 &&
    /\b(speak|english|german|italian|french|spanish|parli|inglese|tedesco|sprichst|sprechen|englisch|italienisch|franzosisch|parles|parlez|anglais|allemand|italien|hablas|habla|ingles|aleman|italiano)\b/.test(
      norm,
    )
  ) {
    return {
      text: `${p.languages} ${list(
        profile.languages.map((l) => p.languageNames[l] ?? l),
        p.and,
      )}.`,
      from: "languages",
    };
  }
  if (
    profile.cancellationPolicy &&
    /\b(cancel|cancellation|annull|disdett|storn|absag|annul|cancelac|what happens if|cosa succede se|was passiert|que se passe|que pasa si|weather|meteo|wetter|tiempo)/.test(
      norm,
    )
  ) {
    return { text: `${p.cancellation} ${profile.cancellationPolicy}`, from: "cancellation policy" };
  }
  return null;
}

export interface ComposedFromFacts {
  text: string;
  facts: FactsUsed;
}

/** Null when the intent gets no draft from facts (the caller then falls back to the fixed template). */
export function composeFromFacts(input: ComposeFromFactsInput): ComposedFromFacts | null {
  const { intent, language, facts, profile, text } = input;
  const p = PHRASES[language];
  const name = firstName(input.customerName);
  const used: FactsUsed = {
    offer: null,
    offersListed: [],
    date: null,
    time: null,
    partOfDay: null,
    people: null,
    level: null,
    answeredFrom: null,
    asked: [],
  };
  const opening = `${p.hi(name)} ${p.thanks}`;
  const locale = LOCALE[language];
  const priceOf = (o: Offer) => formatPrice(o.price, o.currency, locale);

  // What the customer said, in their language: "Saturday 6 December, at 10:00, 2 people, beginners".
  const understoodParts = (): string[] => {
    const parts: string[] = [];
    if (facts.date) {
      used.date = { iso: facts.date.iso, label: dateLabel(facts.date.iso, language) };
      parts.push(used.date.label);
    }
    if (facts.time) {
      used.time = facts.time.hhmm;
      parts.push(p.at(facts.time.hhmm));
    } else if (facts.partOfDay) {
      used.partOfDay = facts.partOfDay;
      parts.push(p.partOfDay[facts.partOfDay]);
    }
    if (facts.people) {
      used.people = facts.people.total;
      parts.push(p.people(facts.people.total, facts.people.adults, facts.people.children));
    }
    if (facts.level) {
      used.level = facts.level.level;
      parts.push(p.level[facts.level.level]);
    }
    return parts;
  };
  const offerLine = (): string | null => {
    const offer = matchOffer(profile.offers, text, facts);
    if (!offer) return null;
    used.offer = { name: offer.name, price: priceOf(offer), duration: formatDuration(offer.durationMinutes) };
    return p.offer(offer.name, used.offer.duration, used.offer.price);
  };

  switch (intent) {
    case "booking_request":
    case "availability_question": {
      const parts = understoodParts();
      const missing: FactsUsed["asked"] = [];
      if (!facts.date) missing.push("date");
      if (!facts.time && !facts.partOfDay) missing.push("time");
      if (!facts.people) missing.push("people");
      if (!facts.level && intent === "booking_request") missing.push("level");
      used.asked = missing;
      const sentences = [opening, intent === "booking_request" ? p.bookingOpen : p.availabilityOpen];
      if (parts.length > 0) sentences.push(p.understood(parts.join(", ")));
      const offer = intent === "booking_request" ? offerLine() : null;
      if (offer) sentences.push(offer);
      sentences.push(
        missing.length > 0
          ? p.ask(
              list(
                missing.map((m) => p.missing[m]),
                p.and,
              ),
            )
          : p.willConfirm,
      );
      return { text: tidy(sentences.join(" "), language), facts: used };
    }
    case "reschedule": {
      const parts = understoodParts();
      const sentences = [`${p.hi(name)} ${p.rescheduleOpen}`];
      sentences.push(
        facts.date || facts.time || facts.partOfDay
          ? p.rescheduleTo(
              parts.filter((x) => x !== used.level && !(used.people && x.startsWith(String(used.people)))).join(", "),
            )
          : p.askNewTime,
      );
      return { text: tidy(sentences.join(" "), language), facts: { ...used, people: null, level: null } };
    }
    case "price_question": {
      if (profile.offers.length === 0) return null;
      const matched = matchOffer(profile.offers, text, facts);
      if (matched) {
        used.offer = { name: matched.name, price: priceOf(matched), duration: formatDuration(matched.durationMinutes) };
        const group = p.priceGroup(matched.groupSizeMin, matched.groupSizeMax);
        return {
          text: tidy(
            `${opening} ${p.priceOne(matched.name, used.offer.duration, used.offer.price)} (${group})`,
            language,
          ),
          facts: used,
        };
      }
      const shown = profile.offers
        .slice(0, 4)
        .map((o) => `${o.name} (${formatDuration(o.durationMinutes)}) ${priceOf(o)}`);
      used.offersListed = shown;
      return { text: tidy(`${opening} ${p.priceList(shown.join("; "))}`, language), facts: used };
    }
    case "general_question": {
      const answer = answerFromProfile(normalizeText(text), profile, p);
      if (!answer) return null;
      used.answeredFrom = answer.from;
      return { text: tidy(`${opening} ${answer.text}`, language), facts: used };
    }
    default:
      return null;
  }
}

/** ") (" joins, doubled dots, and French spacing before ? and !. */
function tidy(s: string, language: LanguageCode): string {
  let out = s
    .replace(/\.\s*\(/g, " (")
    .replace(/\)\s*$/, ").")
    .replace(/\.\./g, ".")
    .replace(/\s+/g, " ")
    .trim();
  if (language !== "fr") out = out.replace(/ +([!?])/g, "$1");
  return out;
}
