import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { getConversation, listConversations, markConversationRead } from "@/db/queries/conversations";
import { decodeCursor } from "@/lib/pagination/keyset-cursor";
import { createCustomer, updateCustomer } from "@/db/queries/customers";
import { getThread } from "@/db/queries/threads";
import { conversations, messages } from "@/db/schema";
import { createTestInstructor } from "@/tests/helpers/factories";

async function addConversation(instructorId: string, identity: string, lastMessageAt: string) {
  const [c] = await db
    .insert(conversations)
    .values({
      instructorId,
      channel: "whatsapp",
      externalIdentity: identity,
      lastMessageAt: sql`${lastMessageAt}::timestamptz` as unknown as Date,
      unreadCount: 2,
    })
    .returning();
  return c!;
}

describe("inbox queries", () => {
  it("keyset pages cover every conversation exactly once, also when timestamps differ only in microseconds", async () => {
    const instructor = await createTestInstructor();
    // Same millisecond, different microseconds: a Date-based cursor would skip rows.
    const stamps = [
      "2026-01-01 10:00:00.123456+00",
      "2026-01-01 10:00:00.123100+00",
      "2026-01-01 10:00:00.123999+00",
      "2026-01-01 10:00:00.5+00",
      "2026-01-01 09:00:00+00",
    ];
    const created = [];
    for (const [i, t] of stamps.entries()) created.push(await addConversation(instructor.id, `39333000000${i}`, t));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Awaited<ReturnType<typeof listConversations>> = await listConversations({
        instructorId: instructor.id,
        cursor,
        limit: 2,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(stamps.length);
    expect(new Set(seen).size).toBe(stamps.length);
    expect(seen[0]).toBe(created[3]!.id); // 10:00:00.5 is the newest
    expect(seen.at(-1)).toBe(created[4]!.id);
  });

  it("never returns another instructor's conversation, thread or unread state", async () => {
    const a = await createTestInstructor();
    const b = await createTestInstructor();
    const conv = await addConversation(a.id, "393330000099", "2026-01-02 10:00:00+00");
    await db.insert(messages).values({
      instructorId: a.id,
      conversationId: conv.id,
      direction: "inbound",
      channel: "whatsapp",
      type: "text",
      body: "secret",
      summary: "secret",
    });
    expect((await listConversations({ instructorId: b.id })).items).toHaveLength(0);
    expect(await getConversation({ instructorId: b.id, conversationId: conv.id })).toBeNull();
    expect(await getThread({ instructorId: b.id, conversationId: conv.id })).toBeNull();
    await markConversationRead({ instructorId: b.id, conversationId: conv.id });
    expect((await getConversation({ instructorId: a.id, conversationId: conv.id }))!.unreadCount).toBe(2);
    await markConversationRead({ instructorId: a.id, conversationId: conv.id });
    expect((await getConversation({ instructorId: a.id, conversationId: conv.id }))!.unreadCount).toBe(0);
    const thread = await getThread({ instructorId: a.id, conversationId: conv.id });
    expect(thread!.messages.map((m) => m.body)).toEqual(["secret"]);
    expect(thread!.signal?.state).toBe("no_match");
  });

  it("rejects a forged cursor", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify({ t: "x", id: "y" })).toString("base64url"))).toBeNull();
  });

  it("customers: numbers normalized with the region, invalid ones refused, duplicates warned, stale edits refused", async () => {
    const instructor = await createTestInstructor({ defaultRegion: "IT" });
    const userId = instructor.userId;
    const invalid = await createCustomer({
      instructorId: instructor.id,
      userId,
      displayName: "X",
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: "12ab" }],
      idempotencyKey: "k-invalid-1",
    });
    expect(invalid.kind).toBe("invalid");
    const first = await createCustomer({
      instructorId: instructor.id,
      userId,
      displayName: "Anna",
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: "347 111 2233" }],
      idempotencyKey: "k-anna-1",
    });
    expect(first.kind === "saved" && first.customer.identifiers[0]!.normalizedIdentifier).toBe("+393471112233");
    expect(first.kind === "saved" && first.warnings).toEqual([]);
    const again = await createCustomer({
      instructorId: instructor.id,
      userId,
      displayName: "Anna",
      notes: null,
      identifiers: [],
      idempotencyKey: "k-anna-1",
    });
    expect(again.kind === "saved" && first.kind === "saved" && again.customer.id === first.customer.id).toBe(true);
    const twin = await createCustomer({
      instructorId: instructor.id,
      userId,
      displayName: "Paolo",
      notes: null,
      identifiers: [{ channel: "whatsapp", raw: "+39 347 1112233" }],
      idempotencyKey: "k-paolo-1",
    });
    expect(twin.kind === "saved" && twin.warnings[0]).toContain("Anna");
    if (twin.kind !== "saved") throw new Error("expected saved");
    const edited = await updateCustomer({
      instructorId: instructor.id,
      userId,
      customerId: twin.customer.id,
      displayName: "Paolo V.",
      notes: null,
      identifiers: [],
      version: twin.customer.version,
    });
    expect(edited.kind).toBe("saved");
    const stale = await updateCustomer({
      instructorId: instructor.id,
      userId,
      customerId: twin.customer.id,
      displayName: "Old",
      notes: null,
      identifiers: [],
      version: twin.customer.version,
    });
    expect(stale.kind).toBe("conflict");
    const other = await createTestInstructor();
    const foreign = await updateCustomer({
      instructorId: other.id,
      userId: other.userId,
      customerId: twin.customer.id,
      displayName: "Hijack",
      notes: null,
      identifiers: [],
      version: twin.customer.version,
    });
    expect(foreign.kind).toBe("not_found");
  });
});
