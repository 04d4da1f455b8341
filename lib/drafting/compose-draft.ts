/**
 * The deterministic drafter: the reply in the customer's language, from the instructor's own template for
 * the intent when there is one, else the built-in default. Pure. A draft is only ever a proposal.
 */
import type { IntentName, LanguageCode, ReplyTemplates } from "@/lib/vocabulary";
import { DEFAULT_TEMPLATES, NO_PRICE_TEXT } from "./default-templates";

export interface ComposeDraftInput {
  intent: IntentName;
  language: LanguageCode;
  instructor: { name: string; priceText: string | null; replyTemplates: ReplyTemplates | null };
  customerName?: string | null;
}

export interface ComposedDraft {
  text: string;
  templateSource: "instructor" | "default";
}

/** Null when there is no template for this intent (handoff intents, "other"). */
export function composeDraft({ intent, language, instructor, customerName }: ComposeDraftInput): ComposedDraft | null {
  const own = instructor.replyTemplates?.[intent]?.[language]?.trim();
  const template = own || DEFAULT_TEMPLATES[intent]?.[language];
  if (!template) return null;
  return {
    text: renderTemplate({
      template,
      language,
      instructorName: instructor.name,
      priceText: instructor.priceText,
      customerName,
    }),
    templateSource: own ? "instructor" : "default",
  };
}

export function renderTemplate(args: {
  template: string;
  language: LanguageCode;
  instructorName: string;
  priceText: string | null;
  customerName?: string | null;
}): string {
  const name = firstName(args.customerName);
  return args.template
    .replace(/ ?\{customer_name\}/g, name ? ` ${name}` : "")
    .replace(/\{instructor_name\}/g, args.instructorName)
    .replace(/\{price_text\}/g, args.priceText?.trim() || NO_PRICE_TEXT[args.language] || NO_PRICE_TEXT.en!)
    .replace(/ +([!?,.])/g, (m, p: string) => (args.language === "fr" && /[!?]/.test(p) ? m : p))
    .trim();
}

/** "Anna Rossi" → "Anna"; a profile name that is not a name (digits, emoji only) → none. */
function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  if (!first || !/\p{L}/u.test(first)) return null;
  return first;
}
