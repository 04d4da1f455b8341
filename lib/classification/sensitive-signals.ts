/**
 * Sensitive signals: words that mean a human must answer, whatever else the message says. Cancellations
 * without the word "cancel" ("we won't make it", "please drop our lessons"), complaints, refunds, safety,
 * and bad news (illness, injury, a death, weather or travel that stops the lesson, "disappointed",
 * "nobody came", "thanks for nothing"), in en, it, de, fr, es, as people type them (no accents, dialect).
 * Any one of them blocks a cheerful draft (the policy hands the turn to a human). Pure, data only.
 *
 * Matched on normalizeText() output (lower case, no accents): write patterns without accents.
 */
export type SensitiveCategory = "cancellation" | "complaint" | "refund" | "safety" | "bad_news";

export interface SensitiveRule {
  category: SensitiveCategory;
  /** How the inbox names it, in the instructor's words. */
  label: string;
  patterns: string[];
}

export const SENSITIVE_RULES: SensitiveRule[] = [
  {
    category: "cancellation",
    label: "cancels or can't come",
    patterns: [
      // en
      `cancel`, `call(?:ing)? (?:it )?off`, `(?:won't|wont|will not|can't|cant|cannot|can not|not gonna|not going to|unable to|won't be able to|wont be able to|not be able to|aren't going to|arent going to) (?:\\w+ )?(?:make it|come|be there|be able to (?:come|make)|attend|do (?:it|the|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this|next|our|my))`,
      `(?:have|had|need|gonna have) to (?:pull out|drop out|skip|miss|give up|stop)`, `pull(?:ing)? out`, `drop (?:our|my|the|us)`, `(?:scratch|remove|take) (?:us|me|him|her) (?:from|off)`, `no (?:more )?lessons?`, `no lesson`, `(?:we'll|we will|i'll|i will) (?:have to )?(?:leave|skip|give) (?:it|this)`, `(?:won't|wont|will not|don't|dont) need (?:the|our|any)`, `(?:not|no longer) (?:coming|going ahead)`, `(?:going|fly(?:ing)?|heading) home`, `not (?:go|going) ahead`,
      // it
      `annull`, `disdir`, `disdett`, `non (?:ce la )?(?:facciamo|faccio|possiamo|posso|riusciamo|riesco|veniamo|vengo|riusciremo|verremo)`, `non ce la (?:facciamo|faccio)`, `(?:dobbiamo|devo|tocca) (?:saltare|rinunciare|rientrare|tornare|annullare|disdire)`, `salta(?:re|to)? (?:la|le|il|tutto)`, `togli(?:ci|mi|ete)? (?:pure )?(?:dal|dalla|le|la|il)`, `non (?:veniamo|vengo) piu`, `rinunci`, `niente lezione`,
      // de
      `absag`, `storn`, `(?:konnen|koennen|kann|schaffen|schaff|kommen|komme|wird|werden) (?:\\w+ ){0,3}(?:nicht|nix|leider nicht|doch nicht)`, `(?:nicht|nix) (?:\\w+ )?(?:kommen|schaffen|dabei)`, `wird (?:leider )?nix`, `(?:streich|streichen|nehmen sie|nimm) (?:uns|mich|die|di)`, `(?:lassen|lass) (?:wir(?:'s|s)?|es) (?:sein|bleiben)`, `fahren (?:wir )?(?:heim|nach hause)`, `muessen (?:\\w+ )?(?:heim|nach hause|abbrechen|absagen)`, `mussen (?:\\w+ )?(?:heim|nach hause|abbrechen|absagen)`, `keine (?:stunde|lektion)`,
      // fr
      `annul`, `(?:pourra|pourrons|pourrai|peux|peut|pouvons|viendra|viendrons|viendrai|serons|serai)s? (?:\\w+ )?pas`, `(?:pas|plus) (?:pouvoir )?venir`, `laisser tomber`, `(?:enlever|retirer|enleve|retire) (?:nous|moi|nos|mes|les)`, `(?:nous|me) (?:enlever|retirer)`, `rentrer (?:plus tot|a la maison|chez)`, `pas de cours`,
      // es
      `cancel`, `anul`, `(?:no|ya no) (?:vamos a|voy a|podemos|puedo|podremos|llegamos|llego|vamos|voy|venimos|vengo) (?:\\w+ )?(?:poder|ir|llegar|venir)?`, `(?:no|ya no) (?:podemos|puedo|podremos|llegamos|vamos|venimos)`, `(?:dejar|dejamos|dejo) (?:el resto|las clases|lo|la clase)`, `(?:quita|quitar|saca(?:nos|me)|borra(?:nos|me)) `, `(?:volver|regresar) antes`, `no hay clase`,
    ],
  },
  {
    category: "bad_news",
    label: "bad news (illness, injury, a death, weather or travel)",
    patterns: [
      // illness and injury
      `sick`, `(?:is|am|are|been|got|fell|feeling|feel) ill`, `fever`, `flu${"(?!\\p{L})"}`, `covid`, `throwing up`, `threw up`, `vomit`, `gebrochen`, `broke (?:his|her|my|a|their)`, `broken`, `fractur`, `sprain`, `injur`, `hurt`, `twisted`, `verknack`, `verstaucht`, `verletz`, `krank`, `fieber`, `grippe`, `malad`, `malat`, `febbre`, `influenza`, `rott[oa] (?:il|la|un|una)`, `si e rott`, `mi sono rott`, `enferm`, `fiebre`, `gripa`, `se (?:rompio|fracturo|lastimo)`, `me (?:rompi|fracture|lastime)`, `s'est (?:casse|blesse|fait mal)`, `je me suis (?:casse|blesse)`, `casse (?:le|la|sa|son)`, `in ospedale`, `hospital`, `hopital`, `krankenhaus`, `pronto soccorso`, `urgences`,
      // death and family emergencies
      `passed away`, `died`, `death`, `funeral`, `(?:e|e') mort[oa]`, `morto`, `lutto`, `funerale`, `gestorben`, `verstorben`, `todesfall`, `beerdigung`, `decede`, `deces`, `est mort`, `enterrement`, `fallecio`, `murio`, `funeral`, `velorio`, `family emergency`, `emergenza famil`, `urgence famil`, `emergencia famil`, `notfall`, `famil(?:y|ia|ie) (?:emergency|emergenza)`,
      // weather and travel stopping the lesson
      `flight (?:\\w+ )?(?:cancel|delay)`, `(?:volo|treno) (?:\\w+ )?(?:cancellat|annullat|soppress|in ritardo)`, `flug (?:\\w+ )?(?:gestrichen|annulliert|storniert|verspatet|faellt aus|fallt aus)`, `vol (?:\\w+ )?(?:annule|retarde)`, `(?:vuelo|nos cancelaron el vuelo)`, `stuck in`, `bloccat`, `festsitzen`, `(?:haengen|hangen|sitzen) (?:\\w+ )?fest`, `atrapad`, `storm`, `tempesta`, `sturm`, `tempete`, `tormenta`, `road (?:is )?closed`, `strada chiusa`, `strasse gesperrt`, `route fermee`, `carretera cortada`,
      `stomach bug`, `food poisoning`, `migraine`, `chickenpox`, `surgery`, `(?:car|train|bus) (?:\\w+ )?(?:broke down|cancel)`, `broke down`, `strike`, `snowed in`, `(?:lift|pass|road)s? (?:is |are )?closed`, `count (?:us|me) out`, `bail(?:ing)? on`,
      `mal di pancia`, `intossicazione`, `sciopero`, `macchina (?:rotta|in panne)`, `in panne`, `magen-?darm`, `streik`, `panne`, `(?:auto|wagen) (?:ist )?kaputt`, `greve`, `gastro`, `en panne`, `huelga`, `intoxicacion`, `(?:se (?:nos|me) )?(?:descompuso|averio)`,
      // "unfortunately" almost always comes before bad news
      `unfortunately`, `sadly`, `purtroppo`, `leider`, `malheureusement`, `lamentablemente`, `desafortunadamente`, `por desgracia`, `desgraciadamente`,
      // can't come, disappointment, sarcasm
      `we won't make it`, `disappoint`, `delus`, `deludent`, `enttausch`, `enttaeusch`, `decu`, `decev`, `decepcion`, `thanks for nothing`, `grazie per niente`, `danke fur nichts`, `danke fuer nichts`, `merci pour rien`, `gracias por nada`, `nobody (?:came|showed|was there|turned up)`, `no one (?:came|showed|was there|turned up)`, `nessuno (?:e venuto|si e presentato|c'era)`, `(?:niemand|keiner) (?:war|kam|da)`, `personne (?:au|n'est|n'etait|n'a|ne)`, `nadie (?:vino|aparecio|estaba)`,
    ],
  },
  {
    category: "complaint",
    label: "a complaint",
    patterns: [
      `complain`, `unacceptable`, `not (?:ok|okay|good enough|great|happy|acceptable)`, `rude`, `worst`, `waste of`, `(?:we|i) waited`, `(?:way|far|much) too (?:big|many|crowded|long|short)`, `unprofessional`,
      `reclam`, `lament`, `inaccettabil`, `pessim`, `maleducat`, `addebitat`, `vergogn`,
      `beschwer`, `reklamation`, `inakzeptabel`, `unverschamt`, `frechheit`,
      `plainte`, `inadmissible`, `inacceptable`, `pas normal`,
      `queja`, `reclamo`, `inaceptable`, `vergonzoso`,
      `😡`, `🤬`,
    ],
  },
  {
    category: "refund",
    label: "asks for money back",
    patterns: [
      `refund`, `money back`, `reimburs`, `chargeback`, `rimbors`, `soldi indietro`, `restituzion`, `ruckerstatt`, `rueckerstatt`, `erstatt`, `geld (?:\\w+ )?zuruck`, `geld (?:\\w+ )?zurueck`, `rembours`, `reembols`, `devolucion`, `devuelv`],
  },
  {
    category: "safety",
    label: "safety",
    patterns: [
      `accident`, `ambulance`, `unsafe`, `dangerous`, `bleeding`, `emergency`, `avalanche`, `concussion`, `incidente`, `ferit`, `infortun`, `pericolos`, `emergenza`, `valanga`, `unfall`, `gefahrlich`, `gefaehrlich`, `lawine`, `notarzt`, `bless`, `dangereu`, `urgence`, `accidente`, `herid`, `peligros`, `emergencia`, `avalancha`, `urgencias`],
  },
];

export interface SensitiveSignal {
  category: SensitiveCategory;
  label: string;
  /** The words that were found, as written in the normalized text. */
  words: string[];
}

const compiled = SENSITIVE_RULES.map((rule) => ({
  ...rule,
  regexes: rule.patterns.map((p) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${p})`, "u")),
}));

/**
 * A negation right before the word turns it off: "no need to cancel", "pas besoin d'annuler",
 * "nothing to complain about". Only phrase-level negations: a bare "not" is part of many signals.
 */
const NEGATED = /(?:no need to|there's no need to|nothing to|no reason to|non c'e bisogno di|niente da|kein grund zu|keinen grund zu|nichts zu|pas besoin d'|pas besoin de|rien a|no hace falta|nada que|sin)\s*$/u;

/** Asking about the policy is a question, not a cancellation ("what's your cancellation policy?"). */
const POLICY_QUESTION = /(?:cancellation|refund) (?:policy|terms)|(?:politica|condizioni|regole) di (?:cancellazione|disdetta|rimborso)|storno(?:bedingungen|regeln|gebuhr\p{L}*)|(?:conditions|politique) d'annulation|(?:politica|condiciones) de (?:cancelacion|reembolso)/gu;

export function findSensitiveSignals(text: string): SensitiveSignal[] {
  const normalized = text.replace(POLICY_QUESTION, " ");
  const out: SensitiveSignal[] = [];
  for (const rule of compiled) {
    const words: string[] = [];
    for (const re of rule.regexes) {
      const m = re.exec(normalized);
      if (!m) continue;
      if (NEGATED.test(normalized.slice(Math.max(0, m.index - 25), m.index))) continue;
      const word = m[0].trim();
      if (word && !words.includes(word)) words.push(word);
    }
    if (words.length > 0) out.push({ category: rule.category, label: rule.label, words });
  }
  return out;
}
