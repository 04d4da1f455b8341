/** Pure parts of the explicit link: the WhatsApp user id identifier, which identifier a conversation matches on, the signal's words for phone-less senders, and the trail's plain words. */
import { describe, expect, it } from "vitest";
import { describeAuditEvent, describeSeenSignal } from "@/lib/audit/describe-audit-event";
import {
  conversationAlternateIdentifiers,
  conversationIdentifier,
} from "@/lib/customer-resolution/conversation-identifier";
import { customerSignal } from "@/lib/customer-resolution/customer-signal";
import { resolveCustomer } from "@/lib/customer-resolution/resolve-customer";
import { isWhatsappUserId, normalizeIdentifier } from "@/lib/identifiers/normalize-identifier";

const BSUID = "US.13491208655302741918";

describe("normalizeIdentifier — WhatsApp user id (BSUID)", () => {
  it.each([
    [BSUID, { ok: true, value: BSUID }],
    [`  ${BSUID} `, { ok: true, value: BSUID }],
    ["us.13491208655302741918", { ok: true, value: BSUID }],
    ["IT.aB3xYz", { ok: true, value: "IT.aB3xYz" }],
    ["", { ok: false, reason: "empty" }],
    ["13491208655302741918", { ok: false, reason: "invalid_user_id" }],
    ["USA.123", { ok: false, reason: "invalid_user_id" }],
    ["US.12 34", { ok: false, reason: "invalid_user_id" }],
    ["US.", { ok: false, reason: "invalid_user_id" }],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeIdentifier({ channel: "whatsapp_user_id", raw, defaultRegion: "IT" })).toEqual(expected);
  });

  it("a user id is never read as a phone number, and phone digits are not a user id", () => {
    expect(normalizeIdentifier({ channel: "whatsapp", raw: BSUID })).toEqual({ ok: false, reason: "invalid_phone" });
    expect(isWhatsappUserId("393331234567")).toBe(false);
    expect(isWhatsappUserId(BSUID)).toBe(true);
  });
});

describe("conversationIdentifier: the phone when shared, else the user id", () => {
  it.each([
    [
      { channel: "whatsapp", externalIdentity: "393331234567" },
      { channel: "whatsapp", raw: "393331234567" },
    ],
    [
      { channel: "whatsapp", externalIdentity: BSUID, whatsappUserId: BSUID },
      { channel: "whatsapp_user_id", raw: BSUID },
    ],
    [
      { channel: "whatsapp", externalIdentity: BSUID },
      { channel: "whatsapp_user_id", raw: BSUID },
    ],
    // Identity completed later: the phone decides, whichever message came first.
    [
      { channel: "whatsapp", externalIdentity: BSUID, waId: "393331234567", whatsappUserId: BSUID },
      { channel: "whatsapp", raw: "393331234567" },
    ],
    [
      { channel: "whatsapp", externalIdentity: "393331234567", waId: "393331234567", whatsappUserId: BSUID },
      { channel: "whatsapp", raw: "393331234567" },
    ],
    [
      { channel: "email", externalIdentity: "a@b.it" },
      { channel: "email", raw: "a@b.it" },
    ],
  ])("%j → %j", (conversation, expected) => {
    expect(conversationIdentifier(conversation)).toEqual(expected);
  });
});

describe("resolveCustomer with the sender's user id beside the phone (alternate identifier)", () => {
  const instructor = { id: "i1", defaultRegion: "IT" };
  const byPhone = {
    customerId: "c-phone",
    instructorId: "i1",
    displayName: "By phone",
    channel: "whatsapp" as const,
    normalizedIdentifier: "+393331234567",
  };
  const byUserId = {
    customerId: "c-user",
    instructorId: "i1",
    displayName: "By user id",
    channel: "whatsapp_user_id" as const,
    normalizedIdentifier: BSUID,
  };
  const resolve = (
    candidates: (typeof byPhone | typeof byUserId)[],
    alternates = [{ channel: "whatsapp_user_id", raw: BSUID }],
  ) =>
    resolveCustomer({
      instructor,
      explicitCustomerId: null,
      channel: "whatsapp",
      rawIdentifier: "393331234567",
      alternateIdentifiers: alternates,
      candidates: { ok: true, candidates },
    });

  it("a customer with only the user id is the match", () => {
    expect(resolve([byUserId])).toMatchObject({ kind: "resolved", customerId: "c-user" });
  });
  it("one customer with both identifiers counts once", () => {
    expect(resolve([byPhone, { ...byUserId, customerId: "c-phone" }])).toMatchObject({
      kind: "resolved",
      customerId: "c-phone",
    });
  });
  it("two customers on the two identifiers are ambiguous", () => {
    expect(resolve([byPhone, byUserId])).toMatchObject({ kind: "unresolved", reason: "ambiguous", candidateCount: 2 });
  });
  it("without the alternate, a user-id candidate does not count; an alternate that does not normalize is ignored", () => {
    expect(resolve([byUserId], [])).toMatchObject({ kind: "unresolved", reason: "no_match" });
    expect(resolve([byUserId], [{ channel: "whatsapp_user_id", raw: "not an id" }])).toMatchObject({
      kind: "unresolved",
      reason: "no_match",
    });
  });
  it("an explicit link still wins over both", () => {
    expect(
      resolveCustomer({
        instructor,
        explicitCustomerId: "c-linked",
        channel: "whatsapp",
        rawIdentifier: "393331234567",
        alternateIdentifiers: [{ channel: "whatsapp_user_id", raw: BSUID }],
        candidates: { ok: true, candidates: [byPhone, byUserId] },
      }),
    ).toMatchObject({ kind: "linked", customerId: "c-linked" });
  });
});

describe("conversationAlternateIdentifiers: the user id beside a known phone", () => {
  it.each([
    [
      { channel: "whatsapp", externalIdentity: BSUID, waId: "393331234567", whatsappUserId: BSUID },
      [{ channel: "whatsapp_user_id", raw: BSUID }],
    ],
    [{ channel: "whatsapp", externalIdentity: "393331234567", waId: "393331234567" }, []],
    [{ channel: "whatsapp", externalIdentity: BSUID, whatsappUserId: BSUID }, []],
  ])("%j → %j", (conversation, expected) => {
    expect(conversationAlternateIdentifiers(conversation)).toEqual(expected);
  });
});

describe("the signal for a sender who shared no phone number", () => {
  const instructor = { id: "i1", defaultRegion: "IT" };
  const signalFor = (raw: string, candidates: { customerId: string; displayName: string }[] = []) =>
    customerSignal({
      identifierChannel: "whatsapp_user_id",
      outcome: resolveCustomer({
        instructor,
        explicitCustomerId: null,
        channel: "whatsapp_user_id",
        rawIdentifier: raw,
        candidates: {
          ok: true,
          candidates: candidates.map((c) => ({
            ...c,
            instructorId: "i1",
            channel: "whatsapp_user_id",
            normalizedIdentifier: BSUID,
          })),
        },
      }),
    });

  it("no match says 'No phone number shared', never 'not a valid number'", () => {
    expect(signalFor(BSUID)).toMatchObject({
      state: "no_match",
      reason: "No phone number shared. None of your customers has this WhatsApp user id.",
    });
  });
  it("exactly one customer with the user id is a probable match", () => {
    expect(signalFor(BSUID, [{ customerId: "c1", displayName: "Ada" }])).toMatchObject({
      state: "probable_match",
      customerId: "c1",
      reason: "Ada is the only one of your customers with this WhatsApp user id. It is not linked.",
    });
  });
  it("an unreadable user id is not resolvable, still worded as 'No phone number shared'", () => {
    expect(signalFor("US.not valid!").reason).toMatch(
      /^No phone number shared, and the sender's WhatsApp user id could not be read/,
    );
  });
});

describe("describeAuditEvent: link events in plain words", () => {
  const data = {
    fromCustomerId: "a",
    fromCustomerName: "Anna",
    toCustomerId: "m",
    toCustomerName: "Marco",
    conversationName: "Marco R.",
    seenSignal: { state: "probable_match", customerName: "Marco" },
  };
  it.each([
    ["conversation.customer_linked", "conversation", "Giulia linked this conversation to Marco."],
    [
      "conversation.customer_link_changed",
      "conversation",
      "Giulia changed the link of this conversation from Anna to Marco.",
    ],
    ["conversation.customer_unlinked", "conversation", "Giulia unlinked this conversation from Anna."],
    ["conversation.customer_linked", "customer", "Giulia linked the conversation with Marco R. to Marco."],
    ["conversation.customer_unlinked", "customer", "Giulia unlinked the conversation with Marco R. from Anna."],
  ] as const)("%s (%s's trail)", (action, perspective, words) => {
    expect(describeAuditEvent({ action, actorName: "Giulia", data, perspective })).toBe(words);
  });
  it("create-from-sender names the new customer; the seen signal is worded", () => {
    expect(
      describeAuditEvent({
        action: "conversation.customer_created_and_linked",
        actorName: "Giulia",
        data: { toCustomerName: "Ada" },
      }),
    ).toBe("Giulia created the customer Ada from this sender and linked the conversation to them.");
    expect(describeSeenSignal(data)).toBe("The inbox showed a probable match: Marco.");
    expect(describeSeenSignal({ seenSignal: { state: "ambiguous" } })).toBe("The inbox showed a shared number.");
    expect(describeSeenSignal(null)).toBeNull();
  });
});
