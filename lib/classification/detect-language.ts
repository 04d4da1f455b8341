/**
 * Language of a customer message (en, it, de, fr, es) from function words and letters that belong to
 * one language. Deterministic and offline: it runs in the embedded demo and in CI.
 */
import { LANGUAGES, type LanguageCode } from "@/lib/vocabulary";

export interface LanguageDetection {
  language: LanguageCode;
  /** Share of the language hits that went to the winner, 0 when nothing matched (fallback used). */
  confidence: number;
  /** The words or letters that decided it. */
  evidence: string[];
}

// Short, frequent words. A word may belong to several languages: it then counts for each.
const WORDS: Record<LanguageCode, string[]> = {
  en: (
    "the and is are you your i i'm i'd my we we're our for to can could do does have has what how much lesson lessons " +
    "thanks thank would like please tomorrow this next with hi hello hey any it be of on at there will just about " +
    "want wanted need get if was were kids son daughter weekend morning afternoon still know let me us book u ur im gonna wanna pls plz can't cant don't dont won't sorry so but not from got sure yeah yes monday tuesday wednesday thursday friday saturday sunday tmrw week day time when where who which or all been did didn't that then they up out mate guys tonight evening"
  ).split(" "),
  it: (
    "il lo la gli di che e per non sono mi ci un una del della delle dei vorrei grazie ciao lezione lezioni domani " +
    "sabato domenica quanto costa posso possiamo siamo anche ho hai sei alle nel con buongiorno buonasera settimana " +
    "prossima ancora ma perche pero mio mia mio nostro nostra figlio figlia bambini ragazzi volevo sarebbe vero " +
    "oggi stasera come quando fare fatto sia gia tutto salve qualcosa ti vi adesso allora subito molto tanto tutti questo questa quello quella scusa scusate lunedi martedi mercoledi giovedi venerdi sera mattina pomeriggio ora hai c'e l'hai un'ora se si dal nella fa puoi potrei senti dove cosa chi bene lei gli le ed ai dobbiamo devo vuoi siete avete abbiamo stato essere giorno giorni anni marito moglie niente poi solo purtroppo domattina"
  ).split(" "),
  de: (
    "der die das und ist ich wir sie du nicht ein eine einen mit fur fuer auf zu haben hast habe mochte moechte " +
    "konnen kann danke hallo stunde stunden morgen samstag sonntag wie viel noch bitte uns es mein meine unser unsere am " +
    "um vom zum termin gibt schon auch aber leider wann wir sind war waren dass ob mal sohn tochter kinder heute woche " +
    "nachste naechste gerne hatte hatten wurde waere ware liebe lieber grusse gruss vielen dir ihnen euch entschuldigung falsche nummer montag dienstag mittwoch donnerstag freitag samstag sonntag wenn dem den des im tag abend nachmittag vormittag kommen komme geht mir mich dich ihr sich kein keine nur doch jetzt dann oder aus bei nach uber ueber muss mussen muessen konnen koennen kannst hast bist sind wo welche welcher jahr euer eure nachmittags vormittags abends"
  ).split(" "),
  fr: (
    "le les des est et je nous vous pas une un du pour avec mon ma mes cours merci bonjour demain samedi dimanche " +
    "combien c'est j'ai on au aux ce cette qui mais aussi semaine prochaine s'il plait lecon fils fille enfants " +
    "voudrais voudrions serait etait sommes suis avez pouvez peut est-ce qu'il d'un d'une aujourd'hui bien tres " +
    "votre vos notre nos salut bonsoir la y erreur desole desolee pardon lundi mardi mercredi jeudi vendredi soir matin tu te toi t'es il elle ils en dans sur par hasard aurais as ai ca fait faire peux veux stp svp oui non rien plus apres avant chez ou donc alors encore deja toujours quand comment pourquoi quel quelle mari femme petit coucou annule"
  ).split(" "),
  es: (
    "el los las es y yo que por para con mi mis tengo quiero quisiera clase clases gracias hola manana sabado " +
    "domingo cuanto cuesta podemos puedo somos estoy del al pero tambien semana proxima hay usted nosotros buenos " +
    "dias muy hijo hija ninos seria estamos tienes tiene vale hoy como cuando hacer nuestra nuestro la hora perdon equivocado lunes martes miercoles jueves viernes tarde noche te ti tu nos os les le se lo una unos unas si ya pues oye porfa mas donde quien tenemos puedes podrias esta estas este eso esto nada algo vamos voy ir ha he han hemos peque finde guay jaja"
  ).split(" "),
};

// Letters and marks that single out one language.
const MARKS: [LanguageCode, RegExp, string][] = [
  ["de", /[äöüß]/i, "umlaut/ß"],
  ["es", /[ñ¿¡]/i, "ñ/¿/¡"],
  ["fr", /[çêâœë]|\bil y a\b|\b(?:qu|j|c|n|s)'[a-zé]/i, "ç/ê/il y a/elision"],
  ["it", /\b(?:è|perché|più|già|così|città)(?=\s|$|[.,!?])/i, "è/più/perché"],
];

const WORD_SETS = Object.fromEntries(LANGUAGES.map((l) => [l, new Set(WORDS[l])])) as Record<LanguageCode, Set<string>>;

export function detectLanguage({
  text,
  fallback = "en",
}: {
  text: string;
  fallback?: LanguageCode;
}): LanguageDetection {
  const scores = Object.fromEntries(LANGUAGES.map((l) => [l, 0])) as Record<LanguageCode, number>;
  const evidence = Object.fromEntries(LANGUAGES.map((l) => [l, [] as string[]])) as Record<LanguageCode, string[]>;
  const tokens = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .filter(Boolean);
  for (const token of tokens) {
    for (const language of LANGUAGES) {
      if (WORD_SETS[language].has(token)) {
        scores[language] += 1;
        if (evidence[language].length < 6) evidence[language].push(token);
      }
    }
  }
  for (const [language, pattern, label] of MARKS) {
    if (pattern.test(text)) {
      scores[language] += 1.5;
      evidence[language].push(label);
    }
  }
  const total = LANGUAGES.reduce((sum, l) => sum + scores[l], 0);
  let best: LanguageCode = fallback;
  for (const language of LANGUAGES) if (scores[language] > scores[best]) best = language;
  if (total === 0 || scores[best] === 0) return { language: fallback, confidence: 0, evidence: [] };
  return { language: best, confidence: round2(scores[best] / total), evidence: evidence[best] };
}

/** The language a new customer most likely writes in, from the instructor's default region. */
export function languageForRegion(region: string | null | undefined): LanguageCode {
  switch ((region ?? "").toUpperCase()) {
    case "IT":
    case "SM":
    case "VA":
      return "it";
    case "DE":
    case "AT":
    case "CH":
    case "LI":
      return "de";
    case "FR":
    case "BE":
    case "LU":
    case "MC":
      return "fr";
    case "ES":
    case "AR":
    case "MX":
      return "es";
    default:
      return "en";
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
