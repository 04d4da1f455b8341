/**
 * WhatsApp message templates, pure: read the components `GET /{waba_id}/message_templates` returns,
 * find the variables of the header and body ({{1}} positional or {{first_name}} named), prefill them
 * from the conversation, render the text exactly as WhatsApp shows it, and build the `template`
 * object of a send (`components[].parameters[]`).
 */
import { z } from "zod";

export const templateComponentSchema = z
  .object({
    type: z.string(),
    format: z.string().optional(),
    text: z.string().optional(),
    buttons: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).optional(),
  })
  .loose();
export type TemplateComponent = z.infer<typeof templateComponentSchema>;

/** One entry of `data[]` in the listing. */
export const graphTemplateSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().min(1),
    language: z.string().min(1),
    status: z.string(),
    category: z.string().default("UTILITY"),
    parameter_format: z.string().optional(),
    components: z.array(templateComponentSchema).default([]),
  })
  .loose();
export type GraphTemplate = z.infer<typeof graphTemplateSchema>;

export interface TemplateLike {
  name: string;
  language: string;
  parameterFormat: string;
  components: unknown[];
}

export interface TemplateVariable {
  /** "header" or "body". */
  component: "header" | "body";
  /** "1", "2"… for positional templates, the parameter name for named ones. */
  key: string;
}

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function componentsOf(template: TemplateLike): TemplateComponent[] {
  return template.components
    .map((c) => templateComponentSchema.safeParse(c))
    .filter((r) => r.success)
    .map((r) => r.data);
}

function findComponent(template: TemplateLike, type: string): TemplateComponent | undefined {
  return componentsOf(template).find((c) => c.type.toUpperCase() === type);
}

function keysIn(text: string | undefined): string[] {
  if (!text) return [];
  const seen: string[] = [];
  for (const m of text.matchAll(VARIABLE)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  // Positional variables are sent in number order, whatever order the text uses them in.
  if (seen.every((k) => /^\d+$/.test(k))) seen.sort((a, b) => Number(a) - Number(b));
  return seen;
}

/** The variables to fill, header first (a text header has at most one), then the body's. */
export function templateVariables(template: TemplateLike): TemplateVariable[] {
  const header = findComponent(template, "HEADER");
  const headerKeys = header && (header.format ?? "TEXT").toUpperCase() === "TEXT" ? keysIn(header.text) : [];
  const body = findComponent(template, "BODY");
  return [
    ...headerKeys.map((key) => ({ component: "header" as const, key })),
    ...keysIn(body?.text).map((key) => ({ component: "body" as const, key })),
  ];
}

/** A header that needs an image, video or document we do not send: WhatsApp would refuse with 132012. */
export function mediaHeaderFormat(template: TemplateLike): string | null {
  const header = findComponent(template, "HEADER");
  const format = header?.format?.toUpperCase();
  return format && format !== "TEXT" ? format : null;
}

export function variableId(v: TemplateVariable): string {
  return `${v.component}:${v.key}`;
}

function fill(text: string, component: "header" | "body", values: Record<string, string>): string {
  return text.replace(VARIABLE, (whole, key: string) => values[`${component}:${key}`] ?? whole);
}

export interface TemplatePreview {
  header: string | null;
  /** "[IMAGE]" and the like for a media header, which has no text. */
  headerMedia: string | null;
  body: string;
  footer: string | null;
  buttons: string[];
}

/** What the customer sees: every {{variable}} replaced by its value (unfilled ones stay visible). */
export function renderTemplate(template: TemplateLike, values: Record<string, string>): TemplatePreview {
  const header = findComponent(template, "HEADER");
  const body = findComponent(template, "BODY");
  const footer = findComponent(template, "FOOTER");
  const buttons = findComponent(template, "BUTTONS");
  const headerFormat = (header?.format ?? "TEXT").toUpperCase();
  return {
    header: header && headerFormat === "TEXT" && header.text ? fill(header.text, "header", values) : null,
    headerMedia: header && headerFormat !== "TEXT" ? headerFormat : null,
    body: body?.text ? fill(body.text, "body", values) : "",
    footer: footer?.text ?? null,
    buttons: (buttons?.buttons ?? []).map((b) => b.text ?? b.type),
  };
}

/** One line of text for the thread and the inbox list. */
export function previewText(preview: TemplatePreview): string {
  return [preview.header, preview.body, preview.footer].filter(Boolean).join("\n\n");
}

/** The `template` object of a `type: "template"` send. */
export function buildTemplateMessage(template: TemplateLike, values: Record<string, string>) {
  const named = template.parameterFormat.toUpperCase() === "NAMED";
  const variables = templateVariables(template);
  const components: {
    type: "header" | "body";
    parameters: { type: "text"; text: string; parameter_name?: string }[];
  }[] = [];
  for (const component of ["header", "body"] as const) {
    const own = variables.filter((v) => v.component === component);
    if (own.length === 0) continue;
    components.push({
      type: component,
      parameters: own.map((v) => ({
        type: "text" as const,
        text: values[variableId(v)] ?? "",
        ...(named ? { parameter_name: v.key } : {}),
      })),
    });
  }
  return { name: template.name, language: { code: template.language }, ...(components.length ? { components } : {}) };
}

/** WhatsApp refuses empty parameters and, in the body, newlines, tabs or more than four spaces in a row (132000/132012). */
export function validateTemplateValues(template: TemplateLike, values: Record<string, string>): string | null {
  for (const v of templateVariables(template)) {
    const value = values[variableId(v)] ?? "";
    const label = `{{${v.key}}}${v.component === "header" ? " in the header" : ""}`;
    if (!value.trim()) return `Fill in ${label}.`;
    if (/[\n\t]| {5,}/.test(value))
      return `${label} cannot contain line breaks, tabs or more than four spaces in a row.`;
    if (value.length > 1024) return `${label} is too long (at most 1024 characters).`;
  }
  return null;
}

export interface PrefillContext {
  customerName: string | null;
  instructorName: string;
}

function firstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}

/**
 * Values guessed from the conversation, by variable name (named templates) or by the template's own
 * sample values' position for positional ones: the first body variable is the customer's first name,
 * a variable named like the instructor gets the instructor's name. Always editable before sending.
 */
export function prefillTemplateValues(template: TemplateLike, context: PrefillContext): Record<string, string> {
  const out: Record<string, string> = {};
  const customer = firstName(context.customerName);
  // "Lukas Meier (sailing, Zürich)" introduces himself as "Lukas Meier".
  context = {
    ...context,
    instructorName: context.instructorName.replace(/\s*\([^)]*\)\s*$/, "").trim() || context.instructorName,
  };
  const variables = templateVariables(template);
  const bodyVars = variables.filter((v) => v.component === "body");
  for (const v of variables) {
    const key = v.key.toLowerCase();
    let value: string | null = null;
    if (/instructor|teacher|coach|sender|my_name|business/.test(key)) value = context.instructorName;
    else if (/first_?name|customer|name|client/.test(key)) value = customer;
    else if (v.component === "body" && bodyVars[0] === v && /^\d+$/.test(v.key)) value = customer;
    else if (v.component === "body" && bodyVars[1] === v && /^\d+$/.test(v.key)) value = context.instructorName;
    if (value) out[variableId(v)] = value;
  }
  return out;
}

/** "en_US" → "en". */
export function baseLanguage(code: string): string {
  return code.toLowerCase().split(/[_-]/)[0]!;
}

/** Templates in the customer's language first (exact locale, then same base language), then by name. */
export function sortTemplatesForLanguage<T extends { name: string; language: string }>(
  templates: T[],
  customerLanguage: string | null,
): T[] {
  const wanted = customerLanguage ? baseLanguage(customerLanguage) : null;
  const rank = (t: T) => (wanted && baseLanguage(t.language) === wanted ? 0 : 1);
  return [...templates].sort(
    (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.language.localeCompare(b.language),
  );
}

/**
 * For a message that arrived with the window already closed: the template to propose, if one fits.
 * In the customer's language, sendable from here (no media header), utility before marketing, and the
 * fewest variables left empty after prefilling. Null when none is in the customer's language.
 */
export function suggestTemplate<T extends TemplateLike & { category: string }>(
  templates: T[],
  customerLanguage: string | null,
  context: PrefillContext,
): { template: T; values: Record<string, string> } | null {
  if (!customerLanguage) return null;
  const wanted = baseLanguage(customerLanguage);
  const scored = templates
    .filter((t) => baseLanguage(t.language) === wanted && !mediaHeaderFormat(t))
    .map((t) => {
      const values = prefillTemplateValues(t, context);
      const missing = templateVariables(t).filter((v) => !values[variableId(v)]).length;
      const category = t.category.toUpperCase() === "UTILITY" ? 0 : t.category.toUpperCase() === "MARKETING" ? 1 : 2;
      return { template: t, values, score: missing * 10 + category };
    })
    .sort((a, b) => a.score - b.score || a.template.name.localeCompare(b.template.name));
  const best = scored[0];
  return best ? { template: best.template, values: best.values } : null;
}
