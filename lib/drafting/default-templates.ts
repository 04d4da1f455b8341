/**
 * Built-in reply templates per intent and language, used unless the instructor wrote their own
 * (`instructors.reply_templates`). Placeholders: {customer_name} (dropped with its space when unknown),
 * {instructor_name}, {price_text}. Handoff intents (complaint, cancellation) and "other" have none:
 * the policy never drafts them.
 */
import type { ReplyTemplates } from "@/lib/vocabulary";

export const TEMPLATES_VERSION = "templates-1";

export const DEFAULT_TEMPLATES: ReplyTemplates = {
  booking_request: {
    en: "Hi {customer_name}, thanks for getting in touch! I'd be happy to book a lesson for you. Could you tell me the date and time you'd like, your level, and how many people will take part?",
    it: "Ciao {customer_name}, grazie per il messaggio! Prenoto volentieri una lezione. Mi dici che giorno e a che ora preferisci, il tuo livello e quante persone partecipano?",
    de: "Hallo {customer_name}, danke für deine Nachricht! Ich buche dir gerne eine Stunde. Sag mir bitte Datum und Uhrzeit, dein Niveau und wie viele Personen dabei sind.",
    fr: "Bonjour {customer_name}, merci pour votre message ! Je réserve volontiers un cours. Pouvez-vous m'indiquer la date et l'heure souhaitées, votre niveau et le nombre de personnes ?",
    es: "Hola {customer_name}, ¡gracias por escribir! Con gusto te reservo una clase. ¿Me dices qué día y a qué hora prefieres, tu nivel y cuántas personas seréis?",
  },
  availability_question: {
    en: "Hi {customer_name}, thanks for asking! Which day and time would suit you, and for how many people? I'll check my calendar and confirm.",
    it: "Ciao {customer_name}, grazie! Che giorno e orario ti andrebbero bene, e per quante persone? Controllo l'agenda e ti confermo.",
    de: "Hallo {customer_name}, danke für die Anfrage! Welcher Tag und welche Uhrzeit würden dir passen, und für wie viele Personen? Ich schaue in meinen Kalender und bestätige dir.",
    fr: "Bonjour {customer_name}, merci ! Quel jour et quelle heure vous conviendraient, et pour combien de personnes ? Je vérifie mon agenda et je vous confirme.",
    es: "Hola {customer_name}, ¡gracias! ¿Qué día y hora te vendrían bien, y para cuántas personas? Miro mi agenda y te confirmo.",
  },
  price_question: {
    en: "Hi {customer_name}, thanks for asking! {price_text}",
    it: "Ciao {customer_name}, grazie per la domanda! {price_text}",
    de: "Hallo {customer_name}, danke für die Frage! {price_text}",
    fr: "Bonjour {customer_name}, merci pour votre question ! {price_text}",
    es: "Hola {customer_name}, ¡gracias por preguntar! {price_text}",
  },
  reschedule: {
    en: "Hi {customer_name}, no problem. Which new day and time would work for you? I'll check and confirm.",
    it: "Ciao {customer_name}, nessun problema. Che nuovo giorno e orario ti andrebbero bene? Controllo e ti confermo.",
    de: "Hallo {customer_name}, kein Problem. Welcher neue Tag und welche Uhrzeit würden dir passen? Ich prüfe das und bestätige dir.",
    fr: "Bonjour {customer_name}, pas de souci. Quel nouveau jour et quelle heure vous conviendraient ? Je vérifie et je vous confirme.",
    es: "Hola {customer_name}, sin problema. ¿Qué nuevo día y hora te vendrían bien? Lo miro y te confirmo.",
  },
  general_question: {
    en: "Hi {customer_name}, thanks for your message! I'll get back to you with an answer shortly.",
    it: "Ciao {customer_name}, grazie per il messaggio! Ti rispondo a breve.",
    de: "Hallo {customer_name}, danke für deine Nachricht! Ich melde mich in Kürze mit einer Antwort.",
    fr: "Bonjour {customer_name}, merci pour votre message ! Je vous réponds très bientôt.",
    es: "Hola {customer_name}, ¡gracias por tu mensaje! Te respondo en breve.",
  },
  greeting_thanks: {
    en: "Thank you {customer_name}! 😊",
    it: "Grazie a te {customer_name}! 😊",
    de: "Danke dir {customer_name}! 😊",
    fr: "Merci à vous {customer_name} ! 😊",
    es: "¡Gracias a ti {customer_name}! 😊",
  },
};

/** Said instead of {price_text} when the instructor has not set one. */
export const NO_PRICE_TEXT: Record<string, string> = {
  en: "I'll send you my prices shortly.",
  it: "Ti mando i prezzi a breve.",
  de: "Ich schicke dir gleich meine Preise.",
  fr: "Je vous envoie mes tarifs très vite.",
  es: "Te envío mis precios en breve.",
};
