/** Messages that ask nothing never replace a pending answer: lib/drafting/asks-nothing.ts, in en, it, de, fr, es. */
import { describe, expect, it } from "vitest";
import { asksNothing, textAsksNothing, turnMessageRole } from "@/lib/drafting/asks-nothing";

const text = (body: string) => ({ type: "text", text: body });

describe("textAsksNothing: acknowledgements and thanks ask nothing", () => {
  const byLanguage: Record<string, string[]> = {
    en: [
      "ok",
      "OK!",
      "Okay 👍",
      "thanks",
      "Thank you so much!",
      "great, thanks",
      "perfect",
      "cool",
      "got it",
      "sounds good",
      "cheers",
    ],
    it: [
      "ok grazie",
      "Grazie mille!",
      "perfetto",
      "va bene",
      "d'accordo",
      "ottimo, grazie",
      "Sì",
      "certo",
      "capito, grazie!",
    ],
    de: [
      "Danke!",
      "Vielen Dank",
      "danke schön",
      "super",
      "alles klar",
      "passt",
      "perfekt, danke",
      "ja",
      "Dankeschön 🙏",
    ],
    fr: ["Merci beaucoup !", "merci", "d'accord", "parfait", "super merci", "très bien", "OK merci", "entendu", "oui"],
    es: ["gracias", "¡Muchas gracias!", "vale", "perfecto", "de acuerdo", "genial, gracias", "claro", "muy bien", "sí"],
  };
  for (const [language, samples] of Object.entries(byLanguage)) {
    it(`${language}: ${samples.join(" | ")}`, () => {
      for (const sample of samples) expect(textAsksNothing(sample), sample).toBe(true);
    });
  }

  it("emoji and punctuation alone ask nothing", () => {
    for (const sample of ["👍", "🙏🙏", "😊", "!!", "👌🏻", "❤️"]) expect(textAsksNothing(sample), sample).toBe(true);
  });
});

describe("textAsksNothing: questions and requests ask something", () => {
  const byLanguage: Record<string, string[]> = {
    en: [
      "Thanks! How much is a private lesson?",
      "ok, can we move it to Sunday",
      "Can I book Saturday?",
      "ok?",
      "Thanks, and is there parking",
    ],
    it: [
      "Grazie! Quanto costa?",
      "ok ma posso spostare a domenica",
      "Posso prenotare sabato?",
      "Grazie, c'è posto per due bambini",
    ],
    de: [
      "Danke! Was kostet eine Stunde?",
      "ok, können wir auf Sonntag verschieben",
      "Ist am Samstag noch frei",
      "Danke, ich möchte stornieren",
    ],
    fr: [
      "Merci ! C'est combien ?",
      "ok, on peut décaler à dimanche",
      "Je voudrais réserver samedi",
      "Merci, je dois annuler",
    ],
    es: [
      "¡Gracias! ¿Cuánto cuesta?",
      "vale, podemos cambiar al domingo",
      "Quiero reservar el sábado",
      "gracias, necesito cancelar",
    ],
  };
  for (const [language, samples] of Object.entries(byLanguage)) {
    it(`${language}: ${samples.join(" | ")}`, () => {
      for (const sample of samples) expect(textAsksNothing(sample), sample).toBe(false);
    });
  }

  it("a greeting with a question asks; a bare greeting does not count as an acknowledgement", () => {
    expect(textAsksNothing("Hallo!")).toBe(false);
    expect(textAsksNothing("Hola, ¿tienes hueco mañana?")).toBe(false);
  });
});

describe("turnMessageRole", () => {
  it("reactions and stickers ask nothing", () => {
    expect(turnMessageRole({ type: "reaction", text: null })).toBe("nothing");
    expect(turnMessageRole({ type: "sticker", text: null })).toBe("nothing");
  });

  it("photos, voice notes and locations are context, unless their caption asks something", () => {
    expect(turnMessageRole({ type: "image", text: null })).toBe("context");
    expect(turnMessageRole({ type: "audio", text: null })).toBe("context");
    expect(turnMessageRole({ type: "location", text: null })).toBe("context");
    expect(turnMessageRole({ type: "image", text: "grazie!" })).toBe("context");
    expect(turnMessageRole({ type: "image", text: "Is this the right slope for a beginner?" })).toBe("asks");
  });

  it("text: asks or nothing", () => {
    expect(turnMessageRole(text("👍"))).toBe("nothing");
    expect(turnMessageRole(text("How much for two hours?"))).toBe("asks");
    expect(asksNothing(text("Merci beaucoup !"))).toBe(true);
    expect(asksNothing(text("Quel est le prix pour deux heures ?"))).toBe(false);
  });
});
