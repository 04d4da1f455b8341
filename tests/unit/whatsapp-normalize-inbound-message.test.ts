import { describe, expect, it } from "vitest";
import { oneLine } from "@/lib/format/one-line";
import { normalizeInboundMessage } from "@/lib/whatsapp/normalize-inbound-message";
import { isMessagesChange, parseWebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { listFixtures, loadFixture } from "../fixtures/whatsapp/fixture-tools";

function normalizedOf(name: string) {
  const parsed = parseWebhookDelivery(loadFixture(name, { phoneNumberId: "1", tag: "t" }));
  if (!parsed.ok) throw new Error(parsed.issues.join("; "));
  const out = [];
  for (const entry of parsed.delivery.entries)
    for (const change of entry.changes)
      if (isMessagesChange(change))
        for (const message of change.value.messages ?? [])
          out.push(normalizeInboundMessage({ message, contacts: change.value.contacts }));
  return out;
}

describe("normalizeInboundMessage (TA-3 step 2)", () => {
  const withMessages = [...listFixtures("meta"), ...listFixtures("shared")].filter(
    (name) => normalizedOf(name).length > 0,
  );

  it("covers every WhatsApp message type the inbox shows in the fixture set", () => {
    const types = new Set(withMessages.flatMap((name) => normalizedOf(name).map((m) => m.type)));
    for (const type of [
      "text",
      "image",
      "audio",
      "video",
      "document",
      "sticker",
      "location",
      "contacts",
      "interactive",
      "button",
      "reaction",
      "order",
      "system",
      "unsupported",
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it.each(withMessages)(
    "%s: has an identity, a one-line summary and a received time; only text is draftable",
    (name) => {
      for (const message of normalizedOf(name)) {
        expect(message.senderIdentity).toMatch(/\S/);
        expect(message.summary).toMatch(/\S/);
        expect(message.summary).not.toMatch(/\n/);
        expect(message.summary.length).toBeLessThanOrEqual(140);
        expect(Number.isNaN(message.receivedAt.getTime())).toBe(false);
        expect(message.draftable).toBe(message.type === "text" && Boolean(message.body?.trim()));
      }
    },
  );

  it.each([
    ["meta/text", "Does it come in another color?"],
    ["meta/image", "Photo: My boots, are they OK?"],
    ["meta/audio_voice", "Voice message"],
    ["shared/pywa_audio_file", "Audio"],
    ["meta/video", "Video: My last run"],
    ["meta/document", "Document: certificate.pdf — Medical certificate"],
    ["meta/sticker", "Sticker"],
    ["meta/location", "Location: Meta Headquarters, 1 Hacker Way, Menlo Park, CA 94025"],
    ["meta/contacts", "Contact: Barbara J. Johnson"],
    ["shared/pywa_contacts_multiple", "3 contacts: Chandler Bing, Monica, Rachel Green"],
    ["meta/interactive_button_reply", "Button: Confirm booking"],
    ["meta/interactive_list_reply", "List choice: Saturday 10:00"],
    ["meta/button_template_quick_reply", "Button: Reschedule"],
    ["meta/reaction", "Reacted 👍"],
    ["meta/reaction_removed", "Removed a reaction"],
    ["shared/pywa_reaction_removed_empty_emoji", "Removed a reaction"],
    ["meta/order", "Order: 3 items: Two lessons please"],
    ["meta/system_user_changed_number", "User Sheena Nelson changed from 16505551234 to 16505559999"],
    ["meta/unsupported", "Unsupported message: Message type is currently not supported."],
    ["meta/unknown_future_type", "Unsupported message (hologram)"],
    ["shared/pywa_interactive_with_value_level_errors", "Interactive reply"],
  ])("%s → %s", (name, summary) => {
    expect(normalizedOf(name)[0]!.summary).toBe(summary);
  });

  it("keeps media id, mime type, caption and file name", () => {
    expect(normalizedOf("meta/document")[0]!.content).toMatchObject({
      mediaId: "1003383421387259",
      mimeType: "application/pdf",
      caption: "Medical certificate",
      fileName: "certificate.pdf",
    });
  });

  it("keeps context (reply-to) and referral", () => {
    const reply = normalizedOf("shared/pywa_text_reply_context")[0]!;
    expect(reply.replyToExternalId).toBe("wamid.t.xyzxyz==");
    const ad = normalizedOf("meta/text_referral_ad")[0]!;
    expect(ad.content.referral).toMatchObject({ source_type: "ad", ctwa_clid: expect.any(String) });
  });

  it("a reaction targets the message it reacts to; an absent or empty emoji removes it", () => {
    expect(normalizedOf("meta/reaction")[0]!.reaction).toEqual({
      targetExternalId: expect.stringContaining("wamid.t."),
      emoji: "👍",
    });
    expect(normalizedOf("meta/reaction_removed")[0]!.reaction?.emoji).toBeNull();
    expect(normalizedOf("shared/pywa_reaction_removed_empty_emoji")[0]!.reaction?.emoji).toBeNull();
  });

  it("keeps wa_id, profile name and the business-scoped user id", () => {
    const m = normalizedOf("shared/pywa_text_reply_context")[0]!;
    expect(m).toMatchObject({
      senderIdentity: "972987654321",
      waId: "972987654321",
      whatsappUserId: "US.13491208655302741918",
      profileName: "Test Name",
    });
    expect(m.alternateIdentities).toEqual(["US.13491208655302741918"]);
  });

  it("falls back to the business-scoped user id when the phone number is withheld", () => {
    const m = normalizedOf("meta/bsuid_phone_withheld")[0]!;
    expect(m).toMatchObject({
      senderIdentity: "US.13491208655302741918",
      waId: null,
      profileName: "Username User",
      draftable: true,
    });
  });

  it("receivedAt is WhatsApp's Unix-seconds timestamp", () => {
    expect(normalizedOf("meta/text")[0]!.receivedAt.toISOString()).toBe(new Date(1749416383 * 1000).toISOString());
  });

  it("a system notice does not open the 24 h window; a customer message does", () => {
    expect(normalizedOf("meta/system_user_changed_number")[0]!.opensServiceWindow).toBe(false);
    expect(normalizedOf("meta/image")[0]!.opensServiceWindow).toBe(true);
  });

  it("oneLine collapses whitespace and cuts long text with an ellipsis", () => {
    expect(oneLine("a\n\n b\tc")).toBe("a b c");
    const long = oneLine("x".repeat(500));
    expect(long.length).toBe(140);
    expect(long.endsWith("…")).toBe(true);
  });
});
