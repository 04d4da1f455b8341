/** Lower-cased, accents stripped, typographic apostrophes made plain: the form the keyword rules match. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}
