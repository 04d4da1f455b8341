/**
 * The drafts' wording, one catalog per language (`<code>.json`): the locale that writes its dates and prices,
 * ICU MessageFormat `messages` formatted by intl-messageformat (plurals follow the language's own rules,
 * through Intl.PluralRules), and the built-in reply `templates` per intent, whose placeholders
 * ({customer_name}, {instructor_name}, {price_text}) are those of the instructor's own templates and are
 * filled by compose-draft.ts. Pure: the JSON is bundled, never read at run time.
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { LanguageCode } from "@/lib/vocabulary";
import de from "./de.json" with { type: "json" };
import en from "./en.json" with { type: "json" };
import es from "./es.json" with { type: "json" };
import fr from "./fr.json" with { type: "json" };
import it from "./it.json" with { type: "json" };

/** English is the reference: every catalog has its keys (tests/unit/message-catalogs.test.ts). */
export type Catalog = typeof en;
export type MessageKey = keyof Catalog["messages"];
export type MessageValues = Record<string, string | number>;

/** One catalog per code of LANGUAGES: a code added there without its JSON imported here fails the typecheck. */
export const CATALOGS: Record<LanguageCode, Catalog> = { en, it, de, fr, es };

const compiled = new Map<string, IntlMessageFormat>();

/** The formatter of a language's messages; each message is parsed once and kept. */
export function messagesFor(language: LanguageCode): (key: MessageKey, values?: MessageValues) => string {
  const { locale, messages } = CATALOGS[language];
  return (key, values) => {
    const id = `${language}:${key}`;
    let format = compiled.get(id);
    if (!format) {
      // Tags are off: a "<" in a message is text, not markup.
      format = new IntlMessageFormat(messages[key], locale, undefined, { ignoreTag: true });
      compiled.set(id, format);
    }
    return String(format.format(values));
  };
}
