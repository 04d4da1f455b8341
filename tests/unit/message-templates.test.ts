import { describe, expect, it } from "vitest";
import { mapGraphError } from "@/lib/whatsapp/graph-errors";
import {
  buildTemplateMessage,
  prefillTemplateValues,
  previewText,
  renderTemplate,
  sortTemplatesForLanguage,
  templateVariables,
  validateTemplateValues,
} from "@/lib/whatsapp/message-templates";

const positional = {
  name: "lesson_followup",
  language: "en_US",
  parameterFormat: "POSITIONAL",
  components: [
    { type: "HEADER", format: "TEXT", text: "Lesson for {{1}}" },
    { type: "BODY", text: "Hi {{2}}… no: Hi {{1}}, this is {{2}}. See you {{1}}!" },
    { type: "FOOTER", text: "Reply STOP to stop" },
    { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Yes" }] },
  ],
};

describe("message templates", () => {
  it("finds header and body variables, body ones in number order whatever the text order", () => {
    expect(templateVariables(positional)).toEqual([
      { component: "header", key: "1" },
      { component: "body", key: "1" },
      { component: "body", key: "2" },
    ]);
  });

  it("renders every occurrence of a variable and keeps unfilled ones visible", () => {
    const preview = renderTemplate(positional, { "header:1": "Maria", "body:1": "Maria" });
    expect(preview.header).toBe("Lesson for Maria");
    expect(preview.body).toBe("Hi {{2}}… no: Hi Maria, this is {{2}}. See you Maria!");
    expect(preview.footer).toBe("Reply STOP to stop");
    expect(preview.buttons).toEqual(["Yes"]);
    expect(previewText(preview)).toContain("Reply STOP");
  });

  it("builds header and body parameters in order; named templates carry parameter_name", () => {
    expect(buildTemplateMessage(positional, { "header:1": "M", "body:1": "A", "body:2": "B" })).toEqual({
      name: "lesson_followup",
      language: { code: "en_US" },
      components: [
        { type: "header", parameters: [{ type: "text", text: "M" }] },
        {
          type: "body",
          parameters: [
            { type: "text", text: "A" },
            { type: "text", text: "B" },
          ],
        },
      ],
    });
    const named = {
      name: "n",
      language: "it",
      parameterFormat: "NAMED",
      components: [{ type: "BODY", text: "Ciao {{first_name}}" }],
    };
    expect(buildTemplateMessage(named, { "body:first_name": "Luca" }).components).toEqual([
      { type: "body", parameters: [{ type: "text", text: "Luca", parameter_name: "first_name" }] },
    ]);
    const none = {
      name: "hello_world",
      language: "en_US",
      parameterFormat: "POSITIONAL",
      components: [{ type: "BODY", text: "Hello" }],
    };
    expect(buildTemplateMessage(none, {})).toEqual({ name: "hello_world", language: { code: "en_US" } });
  });

  it("refuses empty values and line breaks before anything is sent", () => {
    expect(validateTemplateValues(positional, { "header:1": "M", "body:1": "A" })).toBe("Fill in {{2}}.");
    expect(validateTemplateValues(positional, { "header:1": "M", "body:1": "A", "body:2": "two\nlines" })).toMatch(
      /line breaks/,
    );
    expect(validateTemplateValues(positional, { "header:1": "M", "body:1": "A", "body:2": "B" })).toBeNull();
  });

  it("prefills the customer's first name and the instructor's name", () => {
    expect(
      prefillTemplateValues(
        { ...positional, components: [positional.components[1]!] },
        { customerName: "Maria Rossi", instructorName: "Giulia" },
      ),
    ).toEqual({ "body:1": "Maria", "body:2": "Giulia" });
    const named = {
      name: "n",
      language: "it",
      parameterFormat: "NAMED",
      components: [{ type: "BODY", text: "{{customer_name}} {{instructor_name}} {{day}}" }],
    };
    expect(prefillTemplateValues(named, { customerName: "Luca Bianchi", instructorName: "Giulia" })).toEqual({
      "body:customer_name": "Luca",
      "body:instructor_name": "Giulia",
    });
  });

  it("sorts the customer's language first (any locale of it)", () => {
    const list = [
      { name: "b", language: "en_US" },
      { name: "a", language: "it" },
      { name: "c", language: "it_IT" },
    ];
    expect(sortTemplatesForLanguage(list, "it").map((t) => t.language)).toEqual(["it", "it_IT", "en_US"]);
    expect(sortTemplatesForLanguage(list, null).map((t) => t.name)).toEqual(["a", "b", "c"]);
  });

  it.each([132000, 132001, 132005, 132007, 132012, 132015, 132016])(
    "error %i reads as plain words with what to do",
    (code) => {
      const state = mapGraphError({ payload: { error: { message: `(#${code}) x`, code } }, httpStatus: 400 });
      expect(state.kind).toBe("template");
      expect(state.message).toMatch(/^Not sent: /);
      expect(state.message).toMatch(/Choose|choose|Refresh|Shorten|Remove|Check/);
    },
  );
});
