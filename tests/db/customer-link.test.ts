/**
 * CM-2.3 explicit link on real rows (Postgres with DATABASE_URL, else PGlite): link, change, unlink and
 * create-from-sender are instructor-scoped, compare-and-set on the conversation's version, leave exactly
 * one audit row per change, and touch no other conversation or customer. The CM-2.1 §8 criteria are
 * checked again as fast-check properties over random sequences of these writes.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { getConversationAuditTrail, getCustomerPage } from "@/db/queries/audit-trail";
import {
  createCustomerFromConversation,
  linkConversationToCustomer,
  unlinkConversation,
  type CustomerLinkResult,
  type SeenSignal,
} from "@/db/queries/customer-link";
import { getCustomerSignal, getCustomerSignals } from "@/db/queries/customer-signal";
import { getThread } from "@/db/queries/threads";
import {
  auditEvents,
  channelIdentityMapping,
  conversations,
  customerIdentifiers,
  customers,
  drafts,
  messages,
} from "@/db/schema";
import { createTestCustomer, createTestInstructor } from "../helpers/factories";

const wa = (raw: string, normalizedIdentifier: string) => ({ channel: "whatsapp" as const, raw, normalizedIdentifier });
const seenProbable: SeenSignal = { state: "probable_match" };

async function newConversation(
  instructorId: string,
  externalIdentity: string,
  extra: Partial<typeof conversations.$inferInsert> = {},
) {
  const [row] = await db
    .insert(conversations)
    .values({ instructorId, channel: "whatsapp", externalIdentity, displayName: "Marco", ...extra })
    .returning();
  return row!;
}

async function auditRows(instructorId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.instructorId, instructorId))
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
}

/** Every row of a tenant that a link write could touch. */
async function snapshot(instructorId: string) {
  return {
    customers: await db
      .select()
      .from(customers)
      .where(eq(customers.instructorId, instructorId))
      .orderBy(asc(customers.id)),
    identifiers: await db
      .select()
      .from(customerIdentifiers)
      .where(eq(customerIdentifiers.instructorId, instructorId))
      .orderBy(asc(customerIdentifiers.id)),
    conversations: await db
      .select()
      .from(conversations)
      .where(eq(conversations.instructorId, instructorId))
      .orderBy(asc(conversations.id)),
    mappings: await db
      .select()
      .from(channelIdentityMapping)
      .where(eq(channelIdentityMapping.instructorId, instructorId))
      .orderBy(asc(channelIdentityMapping.id)),
    audit: await auditRows(instructorId),
  };
}

async function tenantWithProbableMatch() {
  const instructor = await createTestInstructor();
  const marco = await createTestCustomer({
    instructorId: instructor.id,
    displayName: "Marco Bianchi",
    identifiers: [wa("333 123 4567", "+393331234567")],
  });
  const conversation = await newConversation(instructor.id, "393331234567");
  return { instructor, marco, conversation };
}

describe("link, change, unlink: the signal follows and every change leaves one audit row", () => {
  it("linking the probable match makes the signal Linked (thread and inbox list), with one audit row naming who, from → to and what was seen", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    expect((await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id }))?.state).toBe(
      "probable_match",
    );

    const result = await linkConversationToCustomer({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      customerId: marco.id,
      expectedVersion: 0,
      seenSignal: { state: "probable_match", customerId: marco.id, customerName: "Marco Bianchi" },
    });
    expect(result).toEqual({
      kind: "saved",
      action: "conversation.customer_linked",
      message: "Linked to Marco Bianchi.",
      conversationId: conversation.id,
      customerId: marco.id,
      version: 1,
    });

    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id })).toMatchObject({
      state: "linked",
      customerId: marco.id,
      customerName: "Marco Bianchi",
    });
    const batch = await getCustomerSignals({ instructorId: instructor.id, conversationIds: [conversation.id] });
    expect(batch.get(conversation.id)?.state).toBe("linked");

    const audit = await auditRows(instructor.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: instructor.userId,
      action: "conversation.customer_linked",
      entityType: "conversation",
      entityId: conversation.id,
      data: {
        fromCustomerId: null,
        toCustomerId: marco.id,
        toCustomerName: "Marco Bianchi",
        seenSignal: { state: "probable_match", customerId: marco.id, customerName: "Marco Bianchi" },
        version: 1,
      },
    });
  });

  it("unlinking brings back what the resolver says (probable match again); the customer is kept", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    await linkConversationToCustomer({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      customerId: marco.id,
      expectedVersion: 0,
      seenSignal: seenProbable,
    });
    const result = await unlinkConversation({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 1,
      seenSignal: { state: "linked", customerId: marco.id },
    });
    expect(result).toMatchObject({
      kind: "saved",
      action: "conversation.customer_unlinked",
      customerId: null,
      version: 2,
    });
    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id })).toMatchObject({
      state: "probable_match",
      customerId: marco.id,
    });
    expect(await db.select().from(customers).where(eq(customers.id, marco.id))).toHaveLength(1);
    const audit = await auditRows(instructor.id);
    expect(audit.map((a) => a.action)).toEqual(["conversation.customer_linked", "conversation.customer_unlinked"]);
    expect(audit[1]!.data).toMatchObject({
      fromCustomerId: marco.id,
      fromCustomerName: "Marco Bianchi",
      toCustomerId: null,
      seenSignal: { state: "linked" },
    });
  });

  it("changing the link records from → to in one row; linking to the customer it already has writes nothing", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    const anna = await createTestCustomer({ instructorId: instructor.id, displayName: "Anna" });
    const base = {
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      seenSignal: seenProbable,
    };
    await linkConversationToCustomer({ ...base, customerId: marco.id, expectedVersion: 0 });
    expect(await linkConversationToCustomer({ ...base, customerId: anna.id, expectedVersion: 1 })).toMatchObject({
      kind: "saved",
      action: "conversation.customer_link_changed",
      version: 2,
    });
    expect(await linkConversationToCustomer({ ...base, customerId: anna.id, expectedVersion: 2 })).toMatchObject({
      kind: "ok",
      version: 2,
    });
    expect(await unlinkConversation({ ...base, expectedVersion: 2 })).toMatchObject({ kind: "saved" });
    expect(await unlinkConversation({ ...base, expectedVersion: 3 })).toMatchObject({ kind: "ok", version: 3 });
    const audit = await auditRows(instructor.id);
    expect(audit.map((a) => a.action)).toEqual([
      "conversation.customer_linked",
      "conversation.customer_link_changed",
      "conversation.customer_unlinked",
    ]);
    expect(audit[1]!.data).toMatchObject({
      fromCustomerId: marco.id,
      fromCustomerName: "Marco Bianchi",
      toCustomerId: anna.id,
      toCustomerName: "Anna",
    });
  });

  it("create from this sender: one customer with the normalized number, linked, in ONE audit row; no other customer changes", async () => {
    const instructor = await createTestInstructor();
    const other = await createTestCustomer({
      instructorId: instructor.id,
      displayName: "Someone else",
      identifiers: [wa("393339999999", "+393339999999")],
    });
    const conversation = await newConversation(instructor.id, "393331234567");
    const before = await snapshot(instructor.id);
    const result = await createCustomerFromConversation({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 0,
      seenSignal: { state: "no_match" },
      displayName: "Marco Bianchi",
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: "333 123 4567" }],
      idempotencyKey: "create-key-0001",
    });
    expect(result).toMatchObject({
      kind: "saved",
      action: "conversation.customer_created_and_linked",
      version: 1,
      warnings: [],
    });
    const customerId = (result as Extract<CustomerLinkResult, { kind: "saved" }>).customerId!;
    const after = await snapshot(instructor.id);
    expect(after.customers).toHaveLength(2);
    expect(after.customers.find((c) => c.id === other.id)).toEqual(before.customers.find((c) => c.id === other.id));
    expect(after.identifiers.filter((i) => i.customerId === customerId).map((i) => i.normalizedIdentifier)).toEqual([
      "+393331234567",
    ]);
    expect(after.audit).toHaveLength(1);
    expect(after.audit[0]).toMatchObject({
      action: "conversation.customer_created_and_linked",
      data: { toCustomerId: customerId, toCustomerName: "Marco Bianchi", seenSignal: { state: "no_match" } },
    });
    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id })).toMatchObject({
      state: "linked",
      customerName: "Marco Bianchi",
    });

    // The same submit again (double click): the first result, no second customer, no second audit row.
    const again = await createCustomerFromConversation({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 0,
      seenSignal: { state: "no_match" },
      displayName: "Marco Bianchi",
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: "333 123 4567" }],
      idempotencyKey: "create-key-0001",
    });
    expect(again).toMatchObject({ kind: "ok", customerId, version: 1 });
    expect(await snapshot(instructor.id)).toEqual(after);
  });

  it("create from this sender with a number that does not normalize writes nothing", async () => {
    const instructor = await createTestInstructor();
    const conversation = await newConversation(instructor.id, "393331234567");
    const before = await snapshot(instructor.id);
    const result = await createCustomerFromConversation({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 0,
      seenSignal: { state: "no_match" },
      displayName: "Marco",
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: "not a number" }],
      idempotencyKey: "create-key-0002",
    });
    expect(result).toMatchObject({ kind: "invalid", fieldErrors: { "identifiers.0.raw": expect.any(String) } });
    expect(await snapshot(instructor.id)).toEqual(before);
  });
});

describe("instructor-scoped: another instructor's conversation or customer is not found, and nothing is written", () => {
  it("link to another instructor's customer, link/unlink/create on another instructor's conversation → not_found, both tenants unchanged", async () => {
    const mine = await tenantWithProbableMatch();
    const theirs = await tenantWithProbableMatch();
    await linkConversationToCustomer({
      instructorId: theirs.instructor.id,
      userId: theirs.instructor.userId,
      conversationId: theirs.conversation.id,
      customerId: theirs.marco.id,
      expectedVersion: 0,
      seenSignal: seenProbable,
    });
    const beforeMine = await snapshot(mine.instructor.id);
    const beforeTheirs = await snapshot(theirs.instructor.id);
    const me = { instructorId: mine.instructor.id, userId: mine.instructor.userId, seenSignal: seenProbable };

    const attempts: CustomerLinkResult[] = [
      await linkConversationToCustomer({
        ...me,
        conversationId: mine.conversation.id,
        customerId: theirs.marco.id,
        expectedVersion: 0,
      }),
      await linkConversationToCustomer({
        ...me,
        conversationId: theirs.conversation.id,
        customerId: mine.marco.id,
        expectedVersion: 1,
      }),
      await linkConversationToCustomer({
        ...me,
        conversationId: theirs.conversation.id,
        customerId: theirs.marco.id,
        expectedVersion: 1,
      }),
      await unlinkConversation({ ...me, conversationId: theirs.conversation.id, expectedVersion: 1 }),
      await createCustomerFromConversation({
        ...me,
        conversationId: theirs.conversation.id,
        expectedVersion: 1,
        displayName: "X",
        notes: null,
        identifiers: [],
        idempotencyKey: "cross-tenant-1",
      }),
      await linkConversationToCustomer({
        ...me,
        conversationId: "not-a-uuid",
        customerId: mine.marco.id,
        expectedVersion: 0,
      }),
    ];
    expect(attempts.map((a) => a.kind)).toEqual([
      "not_found",
      "not_found",
      "not_found",
      "not_found",
      "not_found",
      "not_found",
    ]);
    expect(await snapshot(mine.instructor.id)).toEqual(beforeMine);
    expect(await snapshot(theirs.instructor.id)).toEqual(beforeTheirs);
    expect(
      await getConversationAuditTrail({ instructorId: mine.instructor.id, conversationId: theirs.conversation.id }),
    ).toBeNull();
    expect(await getCustomerPage({ instructorId: mine.instructor.id, customerId: theirs.marco.id })).toBeNull();
  });
});

describe("compare-and-set on the conversation's version", () => {
  it("a stale page (old version) gets a conflict with the current link, and nothing is written", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    const anna = await createTestCustomer({ instructorId: instructor.id, displayName: "Anna" });
    const base = {
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      seenSignal: seenProbable,
    };
    await linkConversationToCustomer({ ...base, customerId: marco.id, expectedVersion: 0 });
    const before = await snapshot(instructor.id);
    expect(await linkConversationToCustomer({ ...base, customerId: anna.id, expectedVersion: 0 })).toMatchObject({
      kind: "conflict",
      customerId: marco.id,
      version: 1,
    });
    expect(await unlinkConversation({ ...base, expectedVersion: 0 })).toMatchObject({
      kind: "conflict",
      customerId: marco.id,
      version: 1,
    });
    expect(
      await createCustomerFromConversation({
        ...base,
        expectedVersion: 0,
        displayName: "Y",
        notes: null,
        identifiers: [],
        idempotencyKey: "stale-create-1",
      }),
    ).toMatchObject({ kind: "conflict" });
    expect(await snapshot(instructor.id)).toEqual(before);
  });

  it("two tabs linking at once from the same page: exactly one wins, the other gets a conflict, one audit row", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    const anna = await createTestCustomer({ instructorId: instructor.id, displayName: "Anna" });
    const base = {
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 0,
      seenSignal: seenProbable,
    };
    const results = await Promise.all([
      linkConversationToCustomer({ ...base, customerId: marco.id }),
      linkConversationToCustomer({ ...base, customerId: anna.id }),
      unlinkConversation(base),
      createCustomerFromConversation({
        ...base,
        displayName: "Z",
        notes: null,
        identifiers: [],
        idempotencyKey: "race-create-1",
      }),
    ]);
    const kinds = results.map((r) => r.kind);
    // The unlink of an unlinked conversation is "ok" (nothing to change) when it runs first; every other loser conflicts.
    const changed = results.filter((r) => r.kind === "saved");
    expect(changed).toHaveLength(1);
    expect(kinds.filter((k) => k === "conflict").length).toBeGreaterThanOrEqual(2);
    const audit = await auditRows(instructor.id);
    expect(audit).toHaveLength(1);
    const [row] = await db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(row!.version).toBe(1);
    expect(row!.customerId).toBe((changed[0] as Extract<CustomerLinkResult, { kind: "saved" }>).customerId);
  });
});

describe("linking one conversation never links or changes another, even with the same number", () => {
  it("two conversations with the sender's number: linking one leaves the other unlinked and unchanged", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    const twin = await newConversation(instructor.id, "393331234567", {
      channel: "email",
      externalIdentity: "393331234567",
    });
    const third = await newConversation(instructor.id, "+39 333 123 4567");
    const before = await snapshot(instructor.id);
    await linkConversationToCustomer({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      customerId: marco.id,
      expectedVersion: 0,
      seenSignal: seenProbable,
    });
    const after = await snapshot(instructor.id);
    expect(after.conversations.filter((c) => c.id !== conversation.id)).toEqual(
      before.conversations.filter((c) => c.id !== conversation.id),
    );
    expect(after.customers).toEqual(before.customers);
    expect(after.identifiers).toEqual(before.identifiers);
    expect(after.mappings).toEqual(before.mappings);
    expect(after.conversations.filter((c) => c.customerId !== null).map((c) => c.id)).toEqual([conversation.id]);
    expect((await getCustomerSignal({ instructorId: instructor.id, conversationId: third.id }))?.state).toBe(
      "probable_match",
    );
    void twin;
  });
});

describe("trail views (CM-2.5): newest first, plain words", () => {
  it("the conversation's and the customer's trail show link and unlink, newest first, with what the inbox showed", async () => {
    const { instructor, marco, conversation } = await tenantWithProbableMatch();
    const base = { instructorId: instructor.id, userId: instructor.userId, conversationId: conversation.id };
    await linkConversationToCustomer({
      ...base,
      customerId: marco.id,
      expectedVersion: 0,
      seenSignal: { state: "probable_match", customerName: "Marco Bianchi" },
    });
    await unlinkConversation({
      ...base,
      expectedVersion: 1,
      seenSignal: { state: "linked", customerName: "Marco Bianchi" },
    });
    const trail = await getConversationAuditTrail({ instructorId: instructor.id, conversationId: conversation.id });
    expect(trail!.map((t) => t.words)).toEqual([
      `${instructor.name} unlinked this conversation from Marco Bianchi.`,
      `${instructor.name} linked this conversation to Marco Bianchi.`,
    ]);
    expect(trail![1]!.seen).toBe("The inbox showed a probable match: Marco Bianchi.");
    const page = await getCustomerPage({ instructorId: instructor.id, customerId: marco.id });
    expect(page!.trail.map((t) => t.action)).toEqual([
      "conversation.customer_unlinked",
      "conversation.customer_linked",
    ]);
    expect(page!.trail[1]!.words).toBe(`${instructor.name} linked the conversation with Marco to Marco Bianchi.`);
    expect(page!.conversations).toEqual([]);
    await linkConversationToCustomer({ ...base, customerId: marco.id, expectedVersion: 2, seenSignal: seenProbable });
    expect(
      (await getCustomerPage({ instructorId: instructor.id, customerId: marco.id }))!.conversations.map((c) => c.id),
    ).toEqual([conversation.id]);
  });
});

describe("conversation trail scope", () => {
  it("includes the events of this conversation's drafts and messages, and none of another conversation's", async () => {
    const { instructor, conversation } = await tenantWithProbableMatch();
    const other = await newConversation(instructor.id, "393339990000");
    const ids: Record<string, { draftId: string; messageId: string }> = {};
    for (const c of [conversation, other]) {
      const [message] = await db
        .insert(messages)
        .values({
          instructorId: instructor.id,
          conversationId: c.id,
          direction: "inbound",
          channel: "whatsapp",
          type: "text",
          body: "hi",
          summary: "hi",
        })
        .returning();
      const [draft] = await db
        .insert(drafts)
        .values({ instructorId: instructor.id, conversationId: c.id, messageId: message!.id, state: "rejected" })
        .returning();
      ids[c.id] = { draftId: draft!.id, messageId: message!.id };
      await db.insert(auditEvents).values([
        {
          instructorId: instructor.id,
          actorUserId: instructor.userId,
          action: "draft.rejected",
          entityType: "draft",
          entityId: draft!.id,
          data: { reason: `not for ${c.id}` },
        },
        {
          instructorId: instructor.id,
          actorUserId: null,
          action: "message.sent",
          entityType: "message",
          entityId: message!.id,
          data: { conversationId: c.id },
        },
      ]);
    }
    const trail = await getConversationAuditTrail({ instructorId: instructor.id, conversationId: conversation.id });
    expect(trail!.map((t) => t.action).sort()).toEqual(["draft.rejected", "message.sent"]);
    expect(trail!.find((t) => t.action === "draft.rejected")!.words).toBe(
      `${instructor.name} rejected the draft: not for ${conversation.id}.`,
    );
  });
});

describe("senders who share no phone number (WhatsApp user id only)", () => {
  it("the signal says 'No phone number shared', and a customer carrying the user id is the exact match", async () => {
    const instructor = await createTestInstructor();
    const conversation = await newConversation(instructor.id, "US.13491208655302741918", {
      whatsappUserId: "US.13491208655302741918",
    });
    const before = await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id });
    expect(before).toMatchObject({ state: "no_match" });
    expect(before!.reason).toBe("No phone number shared. None of your customers has this WhatsApp user id.");
    expect(before!.reason).not.toMatch(/valid/);

    const thread = await getThread({ instructorId: instructor.id, conversationId: conversation.id });
    expect(thread!.senderPrefill.identifiers).toEqual([
      { channel: "whatsapp_user_id", raw: "US.13491208655302741918" },
    ]);
    const created = await createCustomerFromConversation({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 0,
      seenSignal: { state: "no_match" },
      displayName: "Username User",
      notes: null,
      identifiers: thread!.senderPrefill.identifiers,
      idempotencyKey: "bsuid-create-1",
    });
    expect(created.kind).toBe("saved");
    await unlinkConversation({
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      expectedVersion: 1,
      seenSignal: { state: "linked" },
    });
    expect(await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id })).toMatchObject({
      state: "probable_match",
      customerName: "Username User",
    });
  });

  it("a malformed user id is 'No phone number shared', not 'not a valid number'", async () => {
    const instructor = await createTestInstructor();
    const conversation = await newConversation(instructor.id, "US.bad id!", { whatsappUserId: "US.bad id!" });
    const signal = await getCustomerSignal({ instructorId: instructor.id, conversationId: conversation.id });
    expect(signal).toMatchObject({ state: "not_resolvable" });
    expect(signal!.reason).toMatch(/^No phone number shared/);
  });
});

describe("CM-2.1 §8 still holds over random sequences of link writes (fast-check)", () => {
  it("only the target conversation changes, customers are never merged or deleted, one audit row per change, no change without an action", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom("link", "link_foreign", "unlink", "create", "stale_link", "read_signals"),
            conversation: fc.nat({ max: 2 }),
            customer: fc.nat({ max: 2 }),
          }),
          { minLength: 1, maxLength: 7 },
        ),
        async (ops) => {
          const instructor = await createTestInstructor();
          const other = await createTestInstructor();
          const foreign = await createTestCustomer({
            instructorId: other.id,
            displayName: "Foreign",
            identifiers: [wa("393331234567", "+393331234567")],
          });
          const foreignConversation = await newConversation(other.id, "393331234567");
          const people = [
            await createTestCustomer({
              instructorId: instructor.id,
              displayName: "Maria",
              identifiers: [wa("393331234567", "+393331234567")],
            }),
            await createTestCustomer({
              instructorId: instructor.id,
              displayName: "Twin A",
              identifiers: [wa("393330000000", "+393330000000")],
            }),
            await createTestCustomer({
              instructorId: instructor.id,
              displayName: "Twin B",
              identifiers: [wa("393330000000", "+393330000000")],
            }),
          ];
          // Two conversations share one number: they may both stay unlinked (CM-2.1 §8).
          const convs = [
            await newConversation(instructor.id, "393330000000"),
            await newConversation(instructor.id, "393330000000"),
            await newConversation(instructor.id, "393331234567"),
          ];
          const otherBefore = await snapshot(other.id);
          let keys = 0;

          for (const step of ops) {
            const before = await snapshot(instructor.id);
            const target = convs[step.conversation]!;
            const current = before.conversations.find((c) => c.id === target.id)!;
            const base = {
              instructorId: instructor.id,
              userId: instructor.userId,
              conversationId: target.id,
              seenSignal: seenProbable,
            };
            let result: CustomerLinkResult | null = null;
            if (step.op === "link")
              result = await linkConversationToCustomer({
                ...base,
                customerId: people[step.customer]!.id,
                expectedVersion: current.version,
              });
            if (step.op === "link_foreign")
              result = await linkConversationToCustomer({
                ...base,
                customerId: foreign.id,
                expectedVersion: current.version,
              });
            if (step.op === "stale_link")
              result = await linkConversationToCustomer({
                ...base,
                customerId: people[step.customer]!.id,
                expectedVersion: current.version + 1,
              });
            if (step.op === "unlink") result = await unlinkConversation({ ...base, expectedVersion: current.version });
            if (step.op === "create") {
              result = await createCustomerFromConversation({
                ...base,
                expectedVersion: current.version,
                displayName: `New ${keys}`,
                notes: null,
                identifiers: [{ channel: "whatsapp", raw: "393330000000" }],
                idempotencyKey: `prop-${instructor.id}-${keys++}`,
              });
            }
            if (step.op === "read_signals") {
              const first = await getCustomerSignals({
                instructorId: instructor.id,
                conversationIds: convs.map((c) => c.id),
              });
              const second = await getCustomerSignals({
                instructorId: instructor.id,
                conversationIds: convs.map((c) => c.id),
              });
              expect(second).toEqual(first); // deterministic and repeatable
            }
            const after = await snapshot(instructor.id);
            const changed = result?.kind === "saved";

            // No change without an explicit action; the action touches its one conversation only.
            expect(after.conversations.filter((c) => c.id !== target.id)).toEqual(
              before.conversations.filter((c) => c.id !== target.id),
            );
            if (!changed) expect(after).toEqual(before);
            // Exactly one audit row per change.
            expect(after.audit.length - before.audit.length).toBe(changed ? 1 : 0);
            // Customers and identifiers are never merged or deleted: only "create" adds one customer.
            expect(after.customers.filter((c) => before.customers.some((b) => b.id === c.id))).toEqual(
              before.customers,
            );
            expect(after.identifiers.filter((i) => before.identifiers.some((b) => b.id === i.id))).toEqual(
              before.identifiers,
            );
            expect(after.customers.length - before.customers.length).toBe(changed && step.op === "create" ? 1 : 0);
            // Cross-instructor writes are refused.
            if (step.op === "link_foreign" || step.op === "stale_link") expect(changed).toBe(false);
            // The signal follows the explicit link (CM-2.1 step 1).
            const linked = after.conversations.find((c) => c.id === target.id)!.customerId;
            const signal = await getCustomerSignal({ instructorId: instructor.id, conversationId: target.id });
            if (linked) expect(signal).toMatchObject({ state: "linked", customerId: linked });
            else expect(signal!.state).not.toBe("linked");
          }
          expect(await snapshot(other.id)).toEqual(otherBefore);
          const [{ n }] = (await db
            .select({ n: count() })
            .from(conversations)
            .where(
              and(eq(conversations.instructorId, other.id), inArray(conversations.id, [foreignConversation.id])),
            )) as [{ n: number }];
          expect(n).toBe(1);
        },
      ),
      { numRuns: 15 },
    );
  });
});
