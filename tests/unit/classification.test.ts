/** The deterministic classifier: intent, language, confidence and evidence, table-driven. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyMessage, confidenceOf } from "@/lib/classification/classify-message";
import { detectLanguage, languageForRegion } from "@/lib/classification/detect-language";
import { INTENTS, LANGUAGES } from "@/lib/vocabulary";

describe("classifyMessage: intent and language", () => {
  it.each([
    ["Hi! I'd like to book a private ski lesson for Saturday", "booking_request", "en"],
    ["Ciao, vorrei prenotare una lezione di surf per domenica", "booking_request", "it"],
    ["Hallo, ich möchte gerne eine Privatstunde buchen", "booking_request", "de"],
    ["Bonjour, je voudrais réserver un cours pour samedi", "booking_request", "fr"],
    ["Hola, quisiera reservar una clase para el sábado", "booking_request", "es"],
    ["Are you available next Tuesday afternoon?", "availability_question", "en"],
    ["Hai ancora posto sabato mattina?", "availability_question", "it"],
    ["Was kostet eine Stunde?", "price_question", "de"],
    ["Combien coûte une leçon de deux heures ?", "price_question", "fr"],
    ["¿Cuánto cuesta la clase?", "price_question", "es"],
    ["Can we move Saturday's lesson to Sunday instead?", "reschedule", "en"],
    ["Possiamo spostare la lezione a giovedì?", "reschedule", "it"],
    ["Leider muss ich die Stunde morgen absagen", "cancellation", "de"],
    ["Je dois annuler le cours de demain", "cancellation", "fr"],
    ["Estuvimos esperando una hora, es inaceptable", "complaint", "es"],
    ["Do I need to bring my own helmet?", "general_question", "en"],
    ["Grazie mille, a domani!", "greeting_thanks", "it"],
    ["ok", "other", "en"],
  ] as const)("%s → %s (%s)", (text, intent, language) => {
    const c = classifyMessage({ text });
    expect(c.intent).toBe(intent);
    expect(c.language).toBe(language);
  });

  it("gives a confidence in [0, 1] and names the words behind the intent", () => {
    const c = classifyMessage({ text: "Hi, I'd like to book a lesson, how much is it?" });
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
    expect(c.evidence.source).toBe("rules");
    expect(c.evidence.matches.price_question).toContain("how much");
    expect(c.evidence.matches.booking_request?.length).toBeGreaterThan(0);
  });

  it("is deterministic: the same text always gives the same answer", () => {
    const text = "Buongiorno, quanto costa una lezione privata per due?";
    expect(classifyMessage({ text })).toEqual(classifyMessage({ text }));
  });

  it("flags refunds and safety whatever the intent", () => {
    expect(classifyMessage({ text: "Can I get a refund for Monday?" }).evidence.flags).toEqual(["refund"]);
    expect(classifyMessage({ text: "Mio figlio si è fatto male, siamo in ospedale" }).evidence.flags).toEqual([
      "safety",
    ]);
    expect(classifyMessage({ text: "Wir möchten eine Rückerstattung" }).evidence.flags).toEqual(["refund"]);
    expect(classifyMessage({ text: "Can I book a lesson?" }).evidence.flags).toEqual([]);
  });

  it("a competing intent lowers the confidence", () => {
    expect(confidenceOf(1, 0)).toBe(0.75);
    expect(confidenceOf(1, 1)).toBeLessThan(confidenceOf(1, 0));
    expect(confidenceOf(2, 0)).toBeGreaterThan(confidenceOf(1, 0));
  });

  it("an unclassifiable message is 'other' with low confidence", () => {
    expect(classifyMessage({ text: "asdf" })).toMatchObject({ intent: "other", confidence: 0.3 });
  });
});

describe("classifyMessage: safety first, negation, thin evidence", () => {
  it.each([
    ["Nobody told us the lesson was moved, we'd like to book again but honestly this was unacceptable", "complaint"],
    ["Ich möchte gerne eine Stunde buchen, aber ehrlich gesagt war die letzte eine Frechheit", "complaint"],
    ["Vorrei prenotare un'altra lezione ma prima devo annullare quella di domani", "cancellation"],
    ["Hola! Gracias por todo, pero tenemos que cancelar la clase del sábado", "cancellation"],
    ["Merci pour hier ! Par contre je suis très déçue de l'attente au départ", "complaint"],
  ] as const)("a complaint or cancellation signal outranks booking and greeting words: %s → %s", (text, intent) => {
    const c = classifyMessage({ text });
    expect(c.intent).toBe(intent);
  });

  it("a reschedule at least as strong as the cancellation words beside it stays a reschedule", () => {
    expect(classifyMessage({ text: "Possiamo cambiare giorno? Martedì non riesco più" }).intent).toBe("reschedule");
  });

  it.each([
    ["No need to cancel, we'll be there at 10!", "en"],
    ["Pas besoin d'annuler, on sera là à 10h !", "fr"],
    ["Non c'è bisogno di annullare, arriviamo lo stesso!", "it"],
    ["No hace falta cancelar, estaremos allí a las 10!", "es"],
  ] as const)("a negated cancellation is not a cancellation: %s", (text, language) => {
    const c = classifyMessage({ text });
    expect(c.language).toBe(language);
    expect(c.intent).not.toBe("cancellation");
    expect(c.evidence.negated?.length).toBeGreaterThan(0);
  });

  it("thanks with a lesson noun is thanks, not a booking", () => {
    expect(classifyMessage({ text: "Danke Stefan, war eine super Stunde heute" }).intent).toBe("greeting_thanks");
    expect(classifyMessage({ text: "Gracias Javier, clase genial hoy" }).intent).toBe("greeting_thanks");
  });

  it("asking about the cancellation policy is a general question, not a cancellation", () => {
    expect(classifyMessage({ text: "What's your cancellation policy if the weather is bad?" }).intent).toBe(
      "general_question",
    );
  });

  it("a lone hint (a lesson noun, a bare 'free') never reaches the default threshold", () => {
    const c = classifyMessage({ text: "lesson?", intentModel: null });
    expect(c.confidence).toBeLessThan(0.7);
    expect(classifyMessage({ text: "the kids are free", intentModel: null }).confidence).toBeLessThan(0.7);
  });

  it("several hints without one phrase that says the intent stay below the threshold", () => {
    const c = classifyMessage({ text: "Was nimmst du fuer ne Stunde Einzelunterricht?", intentModel: null });
    expect(c.evidence.matches.booking_request?.length).toBeGreaterThanOrEqual(2);
    expect(c.confidence).toBeLessThan(0.7);
  });

  it("a greeting in front of words the rules do not know is not a greeting to answer", () => {
    const c = classifyMessage({
      text: "hey is there any chance of something this thursday or friday",
      intentModel: null,
    });
    expect(c.confidence).toBeLessThan(0.7);
    expect(classifyMessage({ text: "Hi Marco!", intentModel: null })).toMatchObject({ intent: "greeting_thanks" });
    expect(classifyMessage({ text: "Hi Marco!", intentModel: null }).confidence).toBeGreaterThanOrEqual(0.7);
  });

  it.each([
    "Storm warning for tomorrow, we'll skip it. Thanks anyway!",
    "Con l'allerta meteo di domani non usciamo piu, grazie lo stesso",
    "Wegen der Sturmwarnung kommen wir morgen ned, danke trotzdem",
    "Avec l'alerte orange on viendra pas samedi",
    "Hay alerta por viento, lo dejamos. Gracias de todos modos",
    "I don't think we'll make it on Sunday after all",
    "Ich bin echt sauer, keiner ist aufgetaucht",
    "Estoy muy enojada, nos dejaron plantados",
    "siamo arrivati e non c'era nessuno",
  ])("bad news, anger or a no-show without the word 'cancel' is sensitive: %s", (text) => {
    expect(classifyMessage({ text, intentModel: null }).evidence.sensitive?.length).toBeGreaterThan(0);
  });

  it.each([
    "Gracias igualmente, hasta el sabado!",
    "On se voit samedi, je serai la a 10h",
    "Danke, wir kommen gerne wieder!",
  ])("a cheerful message with similar words is not sensitive: %s", (text) => {
    expect(classifyMessage({ text, intentModel: null }).evidence.sensitive).toBeUndefined();
  });

  it("a cheerful intent next to a complaint or cancellation hint stays below the threshold", () => {
    const c = classifyMessage({ text: "Forecast looks terrible for Saturday, can we do Sunday instead?" });
    expect(c.intent).toBe("reschedule");
    expect(c.confidence).toBeLessThan(0.7);
  });
});

describe("classifyMessage: messages not meant for the instructor, and bad news, by general cues", () => {
  it.each([
    "Hi, is this the dentist? I need to move my appointment to Friday",
    "Buongiorno, è il dentista? Devo spostare l'appuntamento di giovedì",
    "Ist das der Friseur? Ich möchte meinen Termin am Montag verschieben",
    "Bonjour, c'est bien le garage ? Je voudrais avancer mon rendez-vous",
    "Hola, ¿es el dentista? Necesito cambiar mi cita del martes",
    "who is this? you called me this morning",
    "Wer ist da? Sie haben mich gestern angerufen",
    "ciao amore, stasera passi a prendere le pizze?",
    "Coucou maman, tu peux venir me chercher à la gare ?",
    "Su paquete está retenido en aduana, pague la tasa aquí: correos-envio.com/pago",
    "We build websites for surf and yoga instructors, starting at €249. Would you be interested?",
    "Prestito veloce fino a 5000€ senza garanzie, rispondi SI",
    "Hi! I'm a certified instructor looking for work this winter, can I send you my CV?",
    "Uy perdón, me equivoqué de chat",
    "Guten Tag, ich möchte einen Tisch für zwei Personen reservieren, morgen 19 Uhr",
    "Ciao, è la palestra? Vorrei prenotare il campo da tennis per sabato",
  ])(
    "a wrong number, a pitch, phishing, money or a job offer is 'other', whatever booking words it uses: %s",
    (text) => {
      const c = classifyMessage({ text, intentModel: null });
      expect(c.evidence.spam?.length).toBeGreaterThan(0);
      expect(c.intent).toBe("other");
    },
  );

  it.each([
    "Il ginocchio è ancora gonfio, sabato non se ne parla",
    "Domani impossibile, scusa",
    "Du bist schon wieder zu spät gekommen",
    "Tu es encore arrivé en retard ce matin",
    "Te pagamos una hora y a los 35 minutos se terminó",
    "Not sure it was worth the money honestly",
    "Nessuno risponde da tre giorni, ho lasciato la giacca in barca",
    "Der Lehrer war richtig unfreundlich zu den Kindern",
    "Mon fils est rentré en larmes après le cours",
    "Grazie mille, ma abbiamo trovato un'altra scuola",
    "Thanks so much, but we've decided not to go ahead this winter",
  ])("an injury, an impossible day, a late instructor, time not given, doubt or silence is sensitive: %s", (text) => {
    expect(classifyMessage({ text, intentModel: null }).evidence.sensitive?.length).toBeGreaterThan(0);
  });

  it.each([
    "Dad here, can I book a lesson for my son on Saturday?",
    "Mamma di Luca: posso prenotare sabato?",
    "Is this the right number for the ski lessons?",
    "Ist das die Gruppe für Anfänger?",
    "Hola, ¿no da tiempo de hacer dos clases?",
    "Sorry, I'll be 10 minutes late",
    "Can we start half an hour later tomorrow?",
  ])("a customer's message with similar words is neither spam nor sensitive: %s", (text) => {
    const c = classifyMessage({ text, intentModel: null });
    expect(c.evidence.spam).toBeUndefined();
    expect(c.evidence.sensitive).toBeUndefined();
  });
});

describe("detectLanguage", () => {
  it("falls back to the given language when nothing decides", () => {
    expect(detectLanguage({ text: "ok 👍", fallback: "it" })).toEqual({ language: "it", confidence: 0, evidence: [] });
  });
  it("maps an instructor's region to a likely language", () => {
    expect(languageForRegion("IT")).toBe("it");
    expect(languageForRegion("AT")).toBe("de");
    expect(languageForRegion("US")).toBe("en");
  });
});

describe("the labelled set (tests/fixtures/classifier)", () => {
  const dir = path.join(__dirname, "../fixtures/classifier");
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  const all = files.flatMap((f) =>
    (JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { text: string; intent: string }[]).map((m) => ({
      ...m,
      file: f,
    })),
  );

  it("has at least 200 messages across the five languages, every intent in every language", () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    for (const language of LANGUAGES) {
      const intents = new Set(all.filter((m) => m.file.startsWith(`${language}.`)).map((m) => m.intent));
      expect(intents.size).toBe(INTENTS.length);
    }
  });

  // Held-out 9 (*.holdout9.json) is the never-tuned set: only its targets are held (classifier-targets.test.ts),
  // so no other failing test can push anyone to tune the rules against it.
  const tunable = all.filter((m) => !m.file.includes(".holdout9."));

  it("holds a second held-out set with every intent in every language, at least 20 messages each", () => {
    for (const language of LANGUAGES) {
      const rows = all.filter((m) => m.file === `${language}.holdout2.json`);
      expect(rows.length).toBeGreaterThanOrEqual(20);
      expect(new Set(rows.map((m) => m.intent)).size).toBe(INTENTS.length);
    }
  });

  it("messages that reach the default threshold 0.70 are right at least 90% of the time (the sets one may tune on)", () => {
    const confident = tunable
      .map((m) => ({ m, c: classifyMessage({ text: m.text }) }))
      .filter(({ c }) => c.confidence >= 0.7);
    const right = confident.filter(({ m, c }) => c.intent === m.intent).length;
    expect(right / confident.length).toBeGreaterThanOrEqual(0.9);
    // About 2 000 messages through the rules and the learned model: seconds on a busy 2-core machine.
  }, 30_000);
});
