/**
 * CM-1 identifier normalization: the one function that turns what a channel gives (or what the
 * instructor typed) into the `normalized_identifier` that CM-2.1 step 2 matches exactly.
 *
 * - WhatsApp / phone: E.164 (`+393331234567`) via libphonenumber-js. Numbers typed without a country
 *   code use the instructor's default region. WhatsApp's own `from`/`wa_id` form (international digits
 *   without "+", e.g. `393331234567`) gives the same E.164 whatever the region.
 * - E-mail: trimmed, lower-cased, syntactically checked.
 * - WhatsApp user id (BSUID, for senders who share no phone number): a two-letter country code, a
 *   period and an opaque alphanumeric id (`US.13491208655302741918`), kept exactly as WhatsApp gave it.
 *
 * Anything that cannot be normalized is a typed failure with a reason, never a guess. Pure.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { isSupportedCountry } from "libphonenumber-js";
import type { IdentifierChannel } from "@/lib/vocabulary";
import { whatsappNumberVariants } from "./whatsapp-number-variants";

export type NormalizeFailureReason =
  /** Nothing but whitespace (or nothing at all). */
  | "empty"
  /** Not a phone number, or not a valid one (letters, wrong length, unknown country code, extension...). */
  | "invalid_phone"
  /** The number has no country code and there is no valid default region to supply one. */
  | "unknown_region"
  | "invalid_email"
  /** Not a WhatsApp business-scoped user id (`CC.` followed by letters and digits). */
  | "invalid_user_id"
  | "unsupported_channel";

export type NormalizeResult = { ok: true; value: string } | { ok: false; reason: NormalizeFailureReason };

export interface NormalizeIdentifierInput {
  channel: IdentifierChannel | (string & {});
  raw: string | null | undefined;
  /** ISO 3166-1 alpha-2 (the instructor's `default_region`); only used for numbers without a country code. */
  defaultRegion?: string | null;
}

const MAX_RAW_LENGTH = 64;
/** The only characters a typed phone number may contain: digits, a leading +, and formatting. */
const PHONE_CHARACTERS = /^\+?[\d\s\u00a0().\-/]+$/;
const DIGITS_ONLY = /^\d+$/;

const EMAIL_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeIdentifier({ channel, raw, defaultRegion }: NormalizeIdentifierInput): NormalizeResult {
  const text = (raw ?? "").trim();
  if (channel === "whatsapp") return text === "" ? fail("empty") : normalizePhone(text, defaultRegion);
  if (channel === "email") return text === "" ? fail("empty") : normalizeEmail(text);
  if (channel === "whatsapp_user_id") return text === "" ? fail("empty") : normalizeWhatsappUserId(text);
  return fail("unsupported_channel");
}

function normalizePhone(text: string, defaultRegion: string | null | undefined): NormalizeResult {
  if (text.length > MAX_RAW_LENGTH || !PHONE_CHARACTERS.test(text)) return fail("invalid_phone");
  const region = knownRegion(defaultRegion);

  if (text.startsWith("+")) {
    return acceptInternational(text) ?? fail("invalid_phone");
  }
  // WhatsApp's wire form: international digits without "+". Read as international first, whatever
  // the region: a wa_id read as a national number could match the wrong customer.
  if (DIGITS_ONLY.test(text) && !text.startsWith("0")) {
    const international = acceptInternational(`+${text}`);
    if (international) return international;
  }
  if (!region) return fail("unknown_region");
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: region, extract: false });
  if (!parsed || parsed.ext || !parsed.isValid()) return fail("invalid_phone");
  return { ok: true, value: parsed.number };
}

/**
 * An international number is accepted when libphonenumber says it is valid, or when it is a form
 * WhatsApp is known to report for a valid number (e.g. Mexico's +52 1 …): then it is kept exactly as
 * given (not rewritten), so that variants stay a hint and never become a match.
 */
function acceptInternational(text: string): NormalizeResult | null {
  const parsed = parsePhoneNumberFromString(text, { extract: false });
  if (!parsed || parsed.ext) return null;
  if (parsed.isValid()) return { ok: true, value: parsed.number };
  const asGiven = `+${text.replace(/\D/g, "")}`;
  const variantIsValid = whatsappNumberVariants({ normalized: asGiven }).some(
    (variant) => parsePhoneNumberFromString(variant, { extract: false })?.isValid() === true,
  );
  return variantIsValid ? { ok: true, value: asGiven } : null;
}

function knownRegion(defaultRegion: string | null | undefined): CountryCode | null {
  const region = (defaultRegion ?? "").trim().toUpperCase();
  return region !== "" && isSupportedCountry(region) ? region : null;
}

function normalizeEmail(text: string): NormalizeResult {
  const value = text.toLowerCase();
  if (value.length > 254) return fail("invalid_email");
  const at = value.lastIndexOf("@");
  if (at <= 0 || value.indexOf("@") !== at) return fail("invalid_email");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return fail("invalid_email");
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => EMAIL_LABEL.test(label))) return fail("invalid_email");
  if (!/^[a-z]{2,}$/.test(labels[labels.length - 1] ?? "") && !/^xn--/.test(labels[labels.length - 1] ?? "")) {
    return fail("invalid_email");
  }
  return { ok: true, value };
}

/** A BSUID is opaque: only its shape is checked, and the id is kept as given (the country prefix upper-cased). */
const WHATSAPP_USER_ID = /^([A-Za-z]{2})\.([A-Za-z0-9]{1,128})$/;

/** True when a sender identity is a WhatsApp user id (BSUID) rather than phone digits. */
export function isWhatsappUserId(text: string | null | undefined): boolean {
  return WHATSAPP_USER_ID.test((text ?? "").trim());
}

function normalizeWhatsappUserId(text: string): NormalizeResult {
  const match = WHATSAPP_USER_ID.exec(text);
  if (!match) return fail("invalid_user_id");
  return { ok: true, value: `${match[1]!.toUpperCase()}.${match[2]}` };
}

function fail(reason: NormalizeFailureReason): NormalizeResult {
  return { ok: false, reason };
}
