/**
 * Which messages of a turn ask for an answer. A message that asks nothing (a reaction, a sticker, "ok",
 * "👍", "thanks", "merci beaucoup !") never removes or replaces an answer waiting for the instructor;
 * media without a question (a photo, a voice note, a location) is context for the next draft but does
 * not by itself replace one either. Pure: no I/O.
 */
import { normalizeText } from "@/lib/classification/normalize-text";

export type TurnMessageRole = "asks" | "nothing" | "context";

/** Types that carry no question by themselves. */
const NOTHING_TYPES = new Set(["reaction", "sticker", "system", "unsupported", "unknown", "ephemeral"]);

/**
 * Acknowledgements and thanks in en, it, de, fr, es, as whole messages (after lower-casing, accents
 * stripped, punctuation and emoji removed). A message that only contains these words asks nothing.
 */
const ACK_WORDS = new Set([
  // en
  "ok",
  "okay",
  "okey",
  "k",
  "kk",
  "okk",
  "yes",
  "yep",
  "yeah",
  "yup",
  "sure",
  "fine",
  "cool",
  "great",
  "perfect",
  "good",
  "nice",
  "thanks",
  "thank",
  "you",
  "thx",
  "ty",
  "tnx",
  "cheers",
  "much",
  "so",
  "very",
  "a",
  "lot",
  "many",
  "got",
  "it",
  "noted",
  "alright",
  "all",
  "right",
  "sounds",
  "awesome",
  "lovely",
  "brilliant",
  "wonderful",
  "super",
  "excellent",
  "understood",
  "np",
  "no",
  "problem",
  "oh",
  "ah",
  "hehe",
  "haha",
  "lol",
  "see",
  "then",
  "and",
  "again",
  "really",
  // it
  "si",
  "va",
  "bene",
  "benissimo",
  "grazie",
  "mille",
  "tante",
  "molte",
  "perfetto",
  "perfetta",
  "ottimo",
  "ottima",
  "d'accordo",
  "daccordo",
  "accordo",
  "certo",
  "capito",
  "allora",
  "gentilissimo",
  "gentilissima",
  "ciao",
  "a",
  "presto",
  // de
  "ja",
  "jawohl",
  "gut",
  "sehr",
  "danke",
  "dankeschon",
  "vielen",
  "dank",
  "schon",
  "super",
  "prima",
  "alles",
  "klar",
  "passt",
  "perfekt",
  "toll",
  "okay",
  "verstanden",
  "bis",
  "dann",
  "bestens",
  "herzlichen",
  // fr
  "oui",
  "d'accord",
  "daccord",
  "accord",
  "d'acc",
  "dacc",
  "merci",
  "beaucoup",
  "bien",
  "tres",
  "parfait",
  "parfaite",
  "genial",
  "top",
  "entendu",
  "compris",
  "nickel",
  "super",
  "cool",
  "bon",
  "bonne",
  "journee",
  "soiree",
  "a",
  "bientot",
  // es
  "vale",
  "bueno",
  "muchas",
  "mil",
  "gracias",
  "perfecto",
  "perfecta",
  "genial",
  "de",
  "acuerdo",
  "claro",
  "entendido",
  "muy",
  "bien",
  "estupendo",
  "listo",
  "vale",
  "hasta",
  "luego",
  "pronto",
]);

/** Words that turn a short message into a question or request even among thank-yous. */
const ASKING_HINT = /\?|¿/;

function words(text: string): string[] {
  return (
    normalizeText(text)
      // Emoji, symbols and punctuation are separators; a message of only emoji leaves no word at all.
      .replace(/[^\p{L}\p{N}']+/gu, " ")
      .split(" ")
      .map((w) => w.replace(/^'+|'+$/g, ""))
      .filter(Boolean)
  );
}

/** True when the text is only an acknowledgement, thanks or emoji (no question, no request). */
export function textAsksNothing(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed) return true;
  if (ASKING_HINT.test(trimmed)) return false;
  const list = words(trimmed);
  if (list.length === 0) return true; // emoji or punctuation only: 👍 🙏 !!
  if (list.length > 8) return false; // a longer message says something we should read
  return list.every((w) => ACK_WORDS.has(w));
}

export interface RoleInput {
  type: string;
  /** Text body or media caption. */
  text: string | null;
}

/** The role of one inbound message in its turn. */
export function turnMessageRole(message: RoleInput): TurnMessageRole {
  if (NOTHING_TYPES.has(message.type)) return "nothing";
  const text = message.text?.trim() ?? "";
  if (message.type === "text") return textAsksNothing(text) ? "nothing" : "asks";
  // Media, locations, contacts, buttons: a caption that asks something asks; otherwise context.
  if (text && !textAsksNothing(text)) return "asks";
  if (message.type === "interactive" || message.type === "button") return text ? "asks" : "nothing";
  return "context";
}

export function asksNothing(message: RoleInput): boolean {
  return turnMessageRole(message) !== "asks";
}
