/**
 * Built-in reply templates per intent and language, used unless the instructor wrote their own
 * (`instructors.reply_templates`). The texts live in each language's catalog (`messages/<code>.json`,
 * "templates"). Placeholders: {customer_name} (dropped with its space when unknown), {instructor_name},
 * {price_text}. Handoff intents (complaint, cancellation) and "other" have none: the policy never drafts them.
 */
import { LANGUAGES, type IntentName, type ReplyTemplates } from "@/lib/vocabulary";
import { CATALOGS } from "./messages/catalogs";

export const TEMPLATES_VERSION = "templates-1";

export const DEFAULT_TEMPLATES: ReplyTemplates = {};
for (const language of LANGUAGES) {
  for (const [intent, template] of Object.entries(CATALOGS[language].templates)) {
    (DEFAULT_TEMPLATES[intent as IntentName] ??= {})[language] = template;
  }
}
