/**
 * The identifiers typed into a customer form, normalized with the instructor's default region (CM-1): the
 * distinct normalized values, and for each one that cannot be normalized a field error in plain words. Pure.
 */
import type { IdentifierChannel } from "@/lib/vocabulary";
import { normalizeIdentifier, type NormalizeFailureReason } from "./normalize-identifier";

export interface IdentifierInput {
  channel: IdentifierChannel;
  raw: string;
}

const FAILURE_WORDS: Record<NormalizeFailureReason, string> = {
  empty: "Enter a number or address.",
  invalid_phone: "This is not a valid phone number.",
  unknown_region: "Add the country code (for example +39), or set your default region in Settings.",
  invalid_email: "This is not a valid e-mail address.",
  invalid_user_id: "This is not a WhatsApp user id (it looks like US.13491208655302741918).",
  unsupported_channel: "This channel is not supported.",
};

export function normalizeIdentifierInputs(identifiers: IdentifierInput[], defaultRegion: string | undefined) {
  const errors: Record<string, string> = {};
  const normalized: { channel: IdentifierChannel; raw: string; normalizedIdentifier: string }[] = [];
  identifiers.forEach((identifier, index) => {
    const result = normalizeIdentifier({ channel: identifier.channel, raw: identifier.raw, defaultRegion });
    if (!result.ok) errors[`identifiers.${index}.raw`] = FAILURE_WORDS[result.reason];
    else if (!normalized.some((n) => n.channel === identifier.channel && n.normalizedIdentifier === result.value)) {
      normalized.push({ channel: identifier.channel, raw: identifier.raw.trim(), normalizedIdentifier: result.value });
    }
  });
  return { errors, normalized };
}
