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
import { CATALOGS, messagesFor, type MessageKey, type MessageValues } from "./messages/catalogs";

type Messages = (key: MessageKey, values?: MessageValues) => string;

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

export function dateLabel(isoDate: string, language: LanguageCode): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(CATALOGS[language].locale, {
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
  t: Messages,
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
      text: `${t("meetingPoint")} ${profile.meetingPoints.map((m) => (m.details ? `${m.name} (${m.details})` : m.name)).join("; ")}.`,
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
      profile.included.length ? `${t("included")} ${profile.included.join(", ")}.` : "",
      profile.notIncluded.length ? `${t("notIncluded")} ${profile.notIncluded.join(", ")}.` : "",
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
      text: `${t("languages")} ${list(
        profile.languages.map((code) => t("languageName", { code })),
        t("and"),
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
    return { text: `${t("cancellation")} ${profile.cancellationPolicy}`, from: "cancellation policy" };
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
  const t = messagesFor(language);
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
  const hi = name ? t("hiName", { name }) : t("hi");
  const opening = `${hi} ${t("thanks")}`;
  const locale = CATALOGS[language].locale;
  const priceOf = (o: Offer) => formatPrice(o.price, o.currency, locale);

  // When the customer wants it, in their language: "Saturday 6 December, at 10:00".
  const whenParts = (): string[] => {
    const parts: string[] = [];
    if (facts.date) {
      used.date = { iso: facts.date.iso, label: dateLabel(facts.date.iso, language) };
      parts.push(used.date.label);
    }
    if (facts.time) {
      used.time = facts.time.hhmm;
      const [hour, minute] = facts.time.hhmm.split(":");
      parts.push(t("at", { hour: hour!, minute: minute! }));
    } else if (facts.partOfDay) {
      used.partOfDay = facts.partOfDay;
      parts.push(t("partOfDay", { part: facts.partOfDay }));
    }
    return parts;
  };
  // Everything the customer said: the when, then "2 people, beginners".
  const understoodParts = (): string[] => {
    const parts = whenParts();
    if (facts.people) {
      used.people = facts.people.total;
      const { total, adults, children } = facts.people;
      const people = t("people", { total });
      parts.push(
        adults !== null && children !== null ? t("peopleAdultsChildren", { people, adults, children }) : people,
      );
    }
    if (facts.level) {
      used.level = facts.level.level;
      parts.push(t("level", { level: facts.level.level }));
    }
    return parts;
  };
  const offerLine = (): string | null => {
    const offer = matchOffer(profile.offers, text, facts);
    if (!offer) return null;
    used.offer = { name: offer.name, price: priceOf(offer), duration: formatDuration(offer.durationMinutes) };
    return t("offer", { name: offer.name, duration: used.offer.duration, price: used.offer.price });
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
      const sentences = [opening, t(intent === "booking_request" ? "bookingOpen" : "availabilityOpen")];
      if (parts.length > 0) sentences.push(t("understood", { facts: parts.join(", ") }));
      const offer = intent === "booking_request" ? offerLine() : null;
      if (offer) sentences.push(offer);
      sentences.push(
        missing.length > 0
          ? t("ask", {
              items: list(
                missing.map((fact) => t("missing", { fact })),
                t("and"),
              ),
            })
          : t("willConfirm"),
      );
      return { text: tidy(sentences.join(" "), language), facts: used };
    }
    case "reschedule": {
      // A move keeps the booking's people and level: only the new when is repeated.
      const when = whenParts();
      const sentences = [`${hi} ${t("rescheduleOpen")}`];
      sentences.push(when.length > 0 ? t("rescheduleTo", { when: when.join(", ") }) : t("askNewTime"));
      return { text: tidy(sentences.join(" "), language), facts: used };
    }
    case "price_question": {
      if (profile.offers.length === 0) return null;
      const matched = matchOffer(profile.offers, text, facts);
      if (matched) {
        used.offer = { name: matched.name, price: priceOf(matched), duration: formatDuration(matched.durationMinutes) };
        const { groupSizeMin: min, groupSizeMax: max } = matched;
        const group = min === max ? t("priceGroupOf", { size: max }) : t("priceGroupRange", { min, max });
        return {
          text: tidy(
            `${opening} ${t("priceOne", { name: matched.name, duration: used.offer.duration, price: used.offer.price })} (${group})`,
            language,
          ),
          facts: used,
        };
      }
      const shown = profile.offers
        .slice(0, 4)
        .map((o) => `${o.name} (${formatDuration(o.durationMinutes)}) ${priceOf(o)}`);
      used.offersListed = shown;
      return { text: tidy(`${opening} ${t("priceList", { offers: shown.join("; ") })}`, language), facts: used };
    }
    case "general_question": {
      const answer = answerFromProfile(normalizeText(text), profile, t);
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
