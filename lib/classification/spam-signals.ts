/**
 * Messages that are not for the instructor at all: spam, sales pitches, phishing, wrong numbers. They get
 * no draft (a friendly reply to a scammer confirms the number is live). Matched on normalizeText() output.
 */
export const SPAM_PATTERNS: string[] = [
  // links and phishing
  `https?://`,
  `www\\.`,
  `bit\\.ly`,
  `[a-z0-9-]+\\.(?:info|xyz|top|click|link|ru|biz)(?:/|\\b)`,
  `click (?:the |this )?(?:link|here)`,
  `clicca`,
  `klicken sie`,
  `cliquez`,
  `haz clic`,
  `congratulations`,
  `congrats`,
  `complimenti! hai`,
  `gluckwunsch`,
  `glueckwunsch`,
  `felicitations`,
  `felicidades`,
  `(?:you have|you've|hai|haben|avez|vous avez|has|ha) (?:been selected|won|vinto|gewonnen|gagne|ganado|ganaste)`,
  `\\bwon\\b.*\\b(?:voucher|prize|iphone|gift card)`,
  `voucher`,
  `gift card`,
  `buono (?:amazon|regalo)`,
  `gutschein`,
  `bon (?:amazon|d'achat)`,
  `tarjeta regalo`,
  `bono amazon`,
  `(?:parcel|package|pacco|paket|colis|paquete)(?: \\w+){0,4} (?:could not|non e stato|konnte nicht|n'a pas pu|no pudo)`,
  `crypto`,
  `bitcoin`,
  `investment opportunity`,
  `investimento`,
  // sales pitches
  `\\bseo\\b`,
  `~seo (?:ltd|gmbh|srl|agency)`,
  `google (?:ranking|reviews|ads|business profile)`,
  `rank (?:#?1|first|higher)`,
  `primi su google`,
  `platz 1`,
  `premiers? sur google`,
  `primeros en google`,
  `followers`,
  `follower`,
  `abonnes`,
  `seguidores`,
  `wholesale`,
  `all'ingrosso`,
  `grosshandel`,
  `prix de gros`,
  `mayorista`,
  `catalog`,
  `katalog`,
  `free (?:audit|trial|quote|consultation)`,
  `analisi gratuita`,
  `kostenlose analyse`,
  `audit gratuit`,
  `auditoria gratis`,
  `our (?:agency|company|services)`,
  `marketing`,
  `lead generation`,
  `partnership proposal`,
  // wrong numbers
  `wrong (?:number|person|chat)`,
  `(?:numero )?sbagliat[oa]`,
  `sbagliato numero`,
  `falsche(?:n)? (?:nummer|person)`,
  `mauvais (?:numero|destinataire)`,
  `numero equivocado`,
  `equivoque de numero`,
  `not (?:meant|for) (?:for )?you`,
  `was meant for`,
  `ignore (?:this|that|pls|please)`,
];

// A leading "~" lets a fragment end a word ("SkiSEO Ltd"); others match at the start of a word.
const compiled = SPAM_PATTERNS.map((p) =>
  p.startsWith("~") ? new RegExp(`(?:${p.slice(1)})`, "u") : new RegExp(`(?<![\\p{L}\\p{N}])(?:${p})`, "u"),
);

export function findSpamSignals(normalized: string): string[] {
  const found: string[] = [];
  for (const re of compiled) {
    const m = re.exec(normalized);
    if (m && !found.includes(m[0].trim())) found.push(m[0].trim());
  }
  return found;
}
