/**
 * A returning sender's message is routed, resolved and stored by ONE statement (the number's owner and
 * the sender's conversation are read inside it: nothing cached), with its drafting job; a new sender
 * still takes the transaction that creates the conversation.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, type Db } from "@/db";
import { ingestWhatsappDelivery } from "@/db/ingestion/ingest-whatsapp-delivery";
import { conversations, instructors, jobs, messages } from "@/db/schema";
import { buildSimulatedDelivery } from "@/scripts/whatsapp/build-simulated-delivery";
import { parseWebhookDelivery } from "@/lib/whatsapp/webhook-payload";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";

/** The app's database, counting the calls ingestion makes on it. */
function countingDb() {
  const calls: string[] = [];
  const counted = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (
        typeof prop === "string" &&
        ["execute", "select", "insert", "update", "delete", "transaction"].includes(prop)
      ) {
        return (...args: unknown[]) => {
          calls.push(prop);
          return (value as (...a: unknown[]) => unknown)(...args);
        };
      }
      return value;
    },
  }) as Db;
  return { counted, calls };
}

function delivery(phoneNumberId: string, from: string, text: string) {
  const parsed = parseWebhookDelivery(buildSimulatedDelivery({ phoneNumberId, from, text, name: "Anna" }));
  if (!parsed.ok) throw new Error("fixture did not parse");
  return parsed.delivery;
}

describe("ingestion in one statement", () => {
  it("a returning sender: one statement stores the message and queues its turn's job; a new sender: a transaction", async () => {
    const instructor = await createTestInstructor();
    const from = `39345${uniqueSuffix().slice(-7)}`;
    const first = countingDb();
    expect(
      await ingestWhatsappDelivery(
        { delivery: delivery(instructor.whatsappPhoneNumberId!, from, "Ciao, avete posto sabato?") },
        first.counted,
      ),
    ).toMatchObject({ stored: 1 });
    expect(first.calls).toContain("transaction");

    const second = countingDb();
    expect(
      await ingestWhatsappDelivery(
        { delivery: delivery(instructor.whatsappPhoneNumberId!, from, "Per due bambini") },
        second.counted,
      ),
    ).toMatchObject({ stored: 1, duplicates: 0 });
    expect(second.calls).toEqual(["execute"]);

    const [conversation] = await db.select().from(conversations).where(eq(conversations.instructorId, instructor.id));
    expect(conversation).toMatchObject({ unreadCount: 2, lastMessagePreview: "Per due bambini" });
    const stored = await db.select().from(messages).where(eq(messages.conversationId, conversation!.id));
    expect(stored.map((m) => m.body).sort()).toEqual(["Ciao, avete posto sabato?", "Per due bambini"]);
    const [job] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, "draft_turn"), eq(jobs.key, conversation!.id)));
    expect(job!.payload).toEqual({ instructorId: instructor.id, conversationId: conversation!.id });
  });

  it("reads the number's owner every time: after the number moves to another instructor, the next message is theirs", async () => {
    const before = await createTestInstructor();
    const number = before.whatsappPhoneNumberId!;
    const from = `39346${uniqueSuffix().slice(-7)}`;
    await ingestWhatsappDelivery({ delivery: delivery(number, from, "Hello") });
    await ingestWhatsappDelivery({ delivery: delivery(number, from, "Still there?") });

    await db.update(instructors).set({ whatsappPhoneNumberId: null }).where(eq(instructors.id, before.id));
    const after = await createTestInstructor({ whatsappPhoneNumberId: number });
    expect(await ingestWhatsappDelivery({ delivery: delivery(number, from, "New owner?") })).toMatchObject({
      stored: 1,
      unroutable: 0,
    });

    const owned = async (instructorId: string) =>
      (await db.select({ body: messages.body }).from(messages).where(eq(messages.instructorId, instructorId)))
        .map((m) => m.body)
        .sort();
    expect(await owned(before.id)).toEqual(["Hello", "Still there?"]);
    expect(await owned(after.id)).toEqual(["New owner?"]);

    // And a number nobody owns any more is unroutable, not filed under its last owner.
    await db.update(instructors).set({ whatsappPhoneNumberId: null }).where(eq(instructors.id, after.id));
    expect(await ingestWhatsappDelivery({ delivery: delivery(number, from, "Anyone?") })).toMatchObject({
      stored: 0,
      unroutable: 1,
    });
  });
});
