/**
 * CM-1: the other forms WhatsApp is known to give for the same phone line. A variant is NEVER used
 * for matching (CM-2.1 step 2 matches the normalized identifier exactly); it only feeds the hint
 * "a customer with a similar number exists". Pure.
 *
 * - Brazil (+55): mobiles gained a 9th digit (9 in front of the 8-digit subscriber number); older
 *   WhatsApp accounts still report the number without it.
 * - Mexico (+52): mobiles used to be dialled internationally as +52 1 …; WhatsApp still reports many
 *   as 521… while people write +52 ….
 * - Argentina (+54): mobiles are +54 9 … internationally; people often write them without the 9.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

/** The known variants of an E.164 number (sorted, without the number itself); [] when none apply. */
export function whatsappNumberVariants({ normalized }: { normalized: string }): string[] {
  if (!E164.test(normalized)) return [];
  const variants = new Set<string>();

  if (normalized.startsWith("+55")) {
    const national = normalized.slice(3); // area code (2 digits) + subscriber number
    const area = national.slice(0, 2);
    const subscriber = national.slice(2);
    // Mobile subscriber numbers start with 6-9 (before and after the extra 9).
    if (subscriber.length === 9 && subscriber[0] === "9" && /^[6-9]/.test(subscriber.slice(1))) {
      variants.add(`+55${area}${subscriber.slice(1)}`);
    } else if (subscriber.length === 8 && /^[6-9]/.test(subscriber)) {
      variants.add(`+55${area}9${subscriber}`);
    }
  } else if (normalized.startsWith("+52")) {
    const national = normalized.slice(3);
    if (national.length === 11 && national.startsWith("1")) variants.add(`+52${national.slice(1)}`);
    else if (national.length === 10) variants.add(`+521${national}`);
  } else if (normalized.startsWith("+54")) {
    const national = normalized.slice(3);
    if (national.length === 11 && national.startsWith("9")) variants.add(`+54${national.slice(1)}`);
    else if (national.length === 10) variants.add(`+549${national}`);
  }

  variants.delete(normalized);
  return [...variants].sort();
}
