/**
 * The drafts' wording per language (lib/drafting/messages/<code>.json): every catalog says the same things
 * as English, in ICU MessageFormat that parses, with the same arguments and choices, so a language added
 * with a key missing or misspelt fails here rather than in a customer's draft.
 */
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { INTENTS, LANGUAGES, type LanguageCode } from "@/lib/vocabulary";
import { CATALOGS, messagesFor } from "@/lib/drafting/messages/catalogs";

const english = CATALOGS.en;

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
  pluralType?: string;
  children?: AstElement[];
}

/**
 * What a translation must keep of English (its arguments and, for each select, the choices) and the plural
 * categories it uses. Parsing throws on a malformed message.
 */
function read(message: string, locale: string): { shape: string[]; pluralCategories: string[] } {
  const shape = new Set<string>();
  const pluralCategories = new Set<string>();
  const walk = (elements: AstElement[]): void => {
    for (const el of elements) {
      if (el.options) {
        // Plural categories differ by language (French has "many"); a select's choices do not.
        if (el.pluralType) for (const category of Object.keys(el.options)) pluralCategories.add(category);
        shape.add(`${String(el.value)}: ${el.pluralType ? "plural" : Object.keys(el.options).sort().join("|")}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type !== 0 && typeof el.value === "string") {
        shape.add(el.value); // 0 is literal text; anything else names an argument
      }
      if (el.children) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as AstElement[]);
  return { shape: [...shape].sort(), pluralCategories: [...pluralCategories] };
}

describe("message catalogs", () => {
  it.each(LANGUAGES)("%s has a valid locale, the same message and template keys as English", (language) => {
    const catalog = CATALOGS[language];
    expect(Intl.DateTimeFormat.supportedLocalesOf([catalog.locale])).toEqual([catalog.locale]);
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
    expect(Object.keys(catalog.messages).sort()).toEqual(Object.keys(english.messages).sort());
    expect(Object.keys(catalog.templates).sort()).toEqual(Object.keys(english.templates).sort());
  });

  it.each(LANGUAGES)("every %s message parses, with English's arguments and choices", (language) => {
    const { locale, messages } = CATALOGS[language];
    for (const [key, message] of Object.entries(messages)) {
      const englishMessage = english.messages[key as keyof typeof english.messages];
      expect({ key, shape: read(message, locale).shape }).toEqual({
        key,
        shape: read(englishMessage, english.locale).shape,
      });
    }
  });

  it.each(LANGUAGES)("%s plurals use only its own plural categories and always have other", (language) => {
    const { locale, messages } = CATALOGS[language];
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
    for (const [key, message] of Object.entries(messages)) {
      const used = read(message, locale).pluralCategories;
      expect({ key, unknown: used.filter((c) => !categories.includes(c) && !/^=\d+$/.test(c)) }).toEqual({
        key,
        unknown: [],
      });
      if (used.length > 0) expect({ key, used }).toEqual({ key, used: expect.arrayContaining(["other"]) });
    }
  });

  it("templates exist only for intents, and every language names every language", () => {
    expect(Object.keys(english.templates).filter((intent) => !(INTENTS as readonly string[]).includes(intent))).toEqual(
      [],
    );
    for (const language of LANGUAGES) {
      const t = messagesFor(language);
      for (const code of LANGUAGES)
        expect({ language, code, name: t("languageName", { code }) }).not.toMatchObject({ name: code });
    }
  });

  it("counts take each language's singular and plural", () => {
    const person: Record<LanguageCode, [one: string, two: string]> = {
      en: ["1 person", "2 people"],
      it: ["1 persona", "2 persone"],
      de: ["1 Person", "2 Personen"],
      fr: ["1 personne", "2 personnes"],
      es: ["1 persona", "2 personas"],
    };
    for (const language of LANGUAGES) {
      const t = messagesFor(language);
      expect([t("people", { total: 1 }), t("people", { total: 2 })]).toEqual(person[language]);
    }
    // French counts zero as singular (CLDR): "0 adulte", as intl-messageformat's plural rules say.
    expect(messagesFor("fr")("peopleAdultsChildren", { people: "2 personnes", adults: 0, children: 2 })).toBe(
      "2 personnes (0 adulte, 2 enfants)",
    );
  });

  it("covers every language of the vocabulary and no other", () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LANGUAGES].sort());
  });
});
