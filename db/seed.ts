/**
 * The demo seed: two instructors with logins, customers (two of one instructor sharing a number, and
 * the same number as a customer of the other instructor), conversations with inbound and outbound
 * messages of several types, and drafts, so that every customer-signal state and draft state shows.
 */
import { GIULIA_PROFILE, LUKAS_PROFILE } from "./demo-profiles";
import { count, eq } from "drizzle-orm";
import type { Db } from "./client";
import { addInstructor } from "./queries/instructors";
import {
  channelIdentityMapping,
  conversations,
  customerIdentifiers,
  customers,
  drafts,
  inboundMessages,
  instructors,
  messages,
  type DraftState,
  type NewDraft,
  type NewMessage,
} from "./schema";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_INSTRUCTORS = [
  { email: "giulia@demo.inbox", name: "Giulia Rossi (ski, Cortina)", phoneNumberId: "100000000000001", region: "IT" },
  { email: "lukas@demo.inbox", name: "Lukas Meier (sailing, Zürich)", phoneNumberId: "100000000000002", region: "CH" },
] as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(instructors);
  return (row?.n ?? 0) === 0;
}

const minutes = (n: number) => new Date(Date.now() - n * 60_000);

interface SeedMessage {
  direction: "inbound" | "outbound";
  type: string;
  body?: string;
  summary: string;
  content?: Record<string, unknown>;
  ago: number; // minutes
  status?: NewMessage["status"];
  statusError?: Record<string, unknown>;
  reactionEmoji?: string;
  draft?: Partial<NewDraft> & { state: DraftState };
}

interface SeedConversation {
  identity: string;
  profileName: string | null;
  customerId?: string;
  attention?: "handed_to_human" | "escalated";
  attentionReason?: string;
  messages: SeedMessage[];
}

let wamidCounter = 0;
const wamid = () => `wamid.DEMO${Date.now().toString(36)}${(wamidCounter++).toString(36).padStart(4, "0")}`;

async function seedConversation(db: Db, instructorId: string, phoneNumberId: string, c: SeedConversation) {
  const ordered = [...c.messages].sort((a, b) => b.ago - a.ago);
  const last = ordered.at(-1)!;
  const lastInbound = ordered.filter((m) => m.direction === "inbound").at(-1);
  const unread = ordered.filter((m) => m.direction === "inbound" && m.ago < 90).length;
  const [conversation] = await db
    .insert(conversations)
    .values({
      instructorId,
      channel: "whatsapp",
      externalIdentity: c.identity,
      customerId: c.customerId ?? null,
      displayName: c.profileName,
      waId: /^\d+$/.test(c.identity) ? c.identity : null,
      whatsappUserId: /^\d+$/.test(c.identity) ? null : c.identity,
      lastMessageAt: minutes(last.ago),
      lastMessagePreview: last.summary,
      lastInboundAt: lastInbound ? minutes(lastInbound.ago) : null,
      unreadCount: unread,
      attention: c.attention ?? null,
      attentionReason: c.attentionReason ?? null,
      attentionAt: c.attention ? minutes(last.ago) : null,
      createdAt: minutes(ordered[0]!.ago),
    })
    .returning();
  await db.insert(channelIdentityMapping).values({ instructorId, channel: "whatsapp", externalIdentity: c.identity, conversationId: conversation!.id });

  for (const m of ordered) {
    const id = wamid();
    let inboundMessageId: string | null = null;
    if (m.direction === "inbound") {
      const [inbound] = await db
        .insert(inboundMessages)
        .values({
          instructorId,
          conversationId: conversation!.id,
          channel: "whatsapp",
          externalMessageId: id,
          senderIdentity: c.identity,
          phoneNumberId,
          messageType: m.type,
          payload: { from: c.identity, id, timestamp: String(Math.floor(minutes(m.ago).getTime() / 1000)), type: m.type, seed: true },
          contact: c.profileName ? { profile: { name: c.profileName }, wa_id: c.identity } : null,
          receivedAt: minutes(m.ago),
          createdAt: minutes(m.ago),
        })
        .returning();
      inboundMessageId = inbound!.id;
    }
    const [message] = await db
      .insert(messages)
      .values({
        instructorId,
        conversationId: conversation!.id,
        inboundMessageId,
        direction: m.direction,
        channel: "whatsapp",
        externalMessageId: id,
        type: m.type,
        body: m.body ?? null,
        summary: m.summary,
        content: m.content ?? null,
        reactionEmoji: m.reactionEmoji ?? null,
        status: m.direction === "outbound" ? (m.status ?? "read") : null,
        statusError: m.statusError ?? null,
        statusUpdatedAt: m.direction === "outbound" ? minutes(m.ago) : null,
        sentAt: m.direction === "outbound" ? minutes(m.ago) : null,
        createdAt: minutes(m.ago),
      })
      .returning();
    if (m.draft) {
      await db.insert(drafts).values({
        instructorId,
        conversationId: conversation!.id,
        messageId: message!.id,
        generator: "deterministic",
        promptVersion: "templates-v1",
        attempts: 1,
        createdAt: minutes(m.ago),
        updatedAt: minutes(m.ago),
        ...m.draft,
      });
    }
  }
  return conversation!;
}

async function addCustomer(db: Db, instructorId: string, displayName: string, numbers: { raw: string; normalized: string }[], notes?: string) {
  const [customer] = await db.insert(customers).values({ instructorId, displayName, notes: notes ?? null }).returning();
  for (const n of numbers) {
    await db.insert(customerIdentifiers).values({ instructorId, customerId: customer!.id, channel: "whatsapp", raw: n.raw, normalizedIdentifier: n.normalized });
  }
  return customer!;
}

export async function seedDemo(db: Db): Promise<{ logins: { email: string; password: string; name: string }[] }> {
  const [giuliaDef, lukasDef] = DEMO_INSTRUCTORS;
  const { instructor: giulia } = await addInstructor({ db, ...giuliaDef, password: DEMO_PASSWORD });
  const { instructor: lukas } = await addInstructor({ db, ...lukasDef, password: DEMO_PASSWORD });
  await db.update(instructors).set({ priceText: "Private lesson: €65/hour, €240 for a half day (up to 3 people). Equipment not included." }).where(eq(instructors.id, giulia.id));
  await db.update(instructors).set({ profile: GIULIA_PROFILE }).where(eq(instructors.id, giulia.id));
  await db.update(instructors).set({ profile: LUKAS_PROFILE }).where(eq(instructors.id, lukas.id));

  // Customers of Giulia. Anna and Paolo share one family number: CM-2.1 resolves that to no one.
  await addCustomer(db, giulia.id, "Marco Bianchi", [{ raw: "333 123 4567", normalized: "+393331234567" }], "Intermediate skier, prefers mornings");
  await addCustomer(db, giulia.id, "Anna Verdi", [{ raw: "+39 347 111 2233", normalized: "+393471112233" }], "Mother of Paolo");
  await addCustomer(db, giulia.id, "Paolo Verdi", [{ raw: "0039 347 1112233", normalized: "+393471112233" }], "Child, 9 years old");
  const sophie = await addCustomer(db, giulia.id, "Sophie Martin", [{ raw: "+33 6 12 34 56 78", normalized: "+33612345678" }]);
  // The same family number is also a customer of Lukas: never visible to Giulia, and vice versa.
  await addCustomer(db, lukas.id, "Famiglia Verdi", [{ raw: "+39 347 111 2233", normalized: "+393471112233" }]);
  await addCustomer(db, lukas.id, "Urs Keller", [{ raw: "079 123 45 67", normalized: "+41791234567" }]);

  // Probable match (exactly one customer has this number) with a proposed draft.
  await seedConversation(db, giulia.id, giuliaDef.phoneNumberId, {
    identity: "393331234567",
    profileName: "Marco",
    messages: [
      {
        direction: "inbound",
        type: "text",
        body: "Ciao Giulia! Vorrei prenotare una lezione privata sabato mattina per me e mia moglie, livello intermedio.",
        summary: "Ciao Giulia! Vorrei prenotare una lezione privata sabato mattina…",
        ago: 12,
        draft: {
          state: "proposed",
          decision: "draft",
          reason: "draft: booking request, confidence 0.86 ≥ 0.70",
          intent: "booking_request",
          language: "it",
          confidence: 0.86,
          evidence: { keywords: ["prenotare", "lezione"] },
          proposedText: "Ciao Marco, grazie del messaggio! Sabato mattina posso verificare. A che ora preferite iniziare, e per quante ore? Mi confermi il livello di entrambi?",
        },
      },
    ],
  });

  // Ambiguous: two customers share the number; the instructor edited the draft.
  await seedConversation(db, giulia.id, giuliaDef.phoneNumberId, {
    identity: "393471112233",
    profileName: "Verdi",
    messages: [
      { direction: "inbound", type: "text", body: "Buongiorno, quanto costa una lezione per un bambino di 9 anni?", summary: "Buongiorno, quanto costa una lezione per un bambino di 9 anni?", ago: 45,
        draft: {
          state: "edited",
          decision: "draft",
          reason: "draft: price question, confidence 0.82 ≥ 0.70",
          intent: "price_question",
          language: "it",
          confidence: 0.82,
          proposedText: "Buongiorno! Lezione privata: 65 €/ora, 240 € per mezza giornata (fino a 3 persone).",
          editedText: "Buongiorno! Per Paolo la lezione privata costa 65 €/ora; per i bambini consiglio 2 ore al mattino. Quando vi andrebbe bene?",
        },
      },
      { direction: "inbound", type: "image", summary: "📷 Photo: Skipass", content: { media: { id: "1234567890", mime_type: "image/jpeg", caption: "Skipass" } }, body: "Skipass", ago: 44 },
    ],
  });

  // Linked explicitly by the instructor (CM-2.1 step 1), in French, with a sent and read reply.
  await seedConversation(db, giulia.id, giuliaDef.phoneNumberId, {
    identity: "33612345678",
    profileName: "Sophie M.",
    customerId: sophie.id,
    messages: [
      { direction: "inbound", type: "text", body: "Bonjour, êtes-vous disponible jeudi après-midi ?", summary: "Bonjour, êtes-vous disponible jeudi après-midi ?", ago: 180,
        draft: { state: "sent", decision: "draft", reason: "draft: availability question, confidence 0.80 ≥ 0.70", intent: "availability_question", language: "fr", confidence: 0.8, proposedText: "Bonjour Sophie, oui, jeudi après-midi je suis disponible à partir de 14h. Quelle heure vous conviendrait ?" } },
      { direction: "outbound", type: "text", body: "Bonjour Sophie, oui, jeudi après-midi je suis disponible à partir de 14h. Quelle heure vous conviendrait ?", summary: "Bonjour Sophie, oui, jeudi après-midi je suis disponible à partir de 14h…", ago: 170, status: "read", reactionEmoji: "👍" },
      { direction: "inbound", type: "location", summary: "📍 Location: Rifugio Col Druscié", content: { location: { latitude: 46.5463, longitude: 12.1225, name: "Rifugio Col Druscié", address: "Cortina d'Ampezzo" } }, ago: 160 },
      { direction: "inbound", type: "text", body: "Merci beaucoup !", summary: "Merci beaucoup !", ago: 150,
        draft: { state: "rejected", decision: "draft", reason: "draft: greeting/thanks, confidence 0.9 ≥ 0.70", intent: "greeting_thanks", language: "fr", confidence: 0.9, proposedText: "Avec plaisir, à jeudi !", rejectReason: "No reply needed" } },
    ],
  });

  // No match: nobody has this number; a complaint handed to a human.
  await seedConversation(db, giulia.id, giuliaDef.phoneNumberId, {
    identity: "4915112345678",
    profileName: "Jonas",
    attention: "handed_to_human",
    attentionReason: "handed to human: complaint",
    messages: [
      { direction: "inbound", type: "text", body: "Hallo, wir haben gestern 2 Stunden auf die Lehrerin gewartet. Das ist wirklich nicht in Ordnung.", summary: "Hallo, wir haben gestern 2 Stunden auf die Lehrerin gewartet…", ago: 300,
        draft: { state: "not_drafted", decision: "handoff", reason: "handed to human: complaint", intent: "complaint", language: "de", confidence: 0.77 } },
      { direction: "inbound", type: "audio", summary: "🎤 Voice message", content: { media: { id: "987654321", mime_type: "audio/ogg; codecs=opus", voice: true } }, ago: 299 },
    ],
  });

  // Not resolvable: WhatsApp withheld the phone number (business-scoped user id only).
  await seedConversation(db, giulia.id, giuliaDef.phoneNumberId, {
    identity: "IT.13491208655302741918",
    profileName: "Chiara",
    messages: [
      { direction: "inbound", type: "text", body: "hey", summary: "hey", ago: 600,
        draft: { state: "not_drafted", decision: "no_draft", reason: "no draft: confidence 0.41 < 0.70", intent: "other", language: "en", confidence: 0.41 } },
    ],
  });

  // Outside the 24 h window: free-form replies are no longer allowed; a superseded draft.
  await seedConversation(db, giulia.id, giuliaDef.phoneNumberId, {
    identity: "447700900123",
    profileName: "Emily",
    messages: [
      { direction: "inbound", type: "text", body: "Hi! Do you have any availability next week?", summary: "Hi! Do you have any availability next week?", ago: 60 * 30,
        draft: { state: "superseded", decision: "draft", reason: "draft: availability question, confidence 0.78 ≥ 0.70", intent: "availability_question", language: "en", confidence: 0.78, proposedText: "Hi Emily, thanks for your message! Which days next week suit you?" } },
      { direction: "inbound", type: "text", body: "Actually, I'd like to book 2 hours on Tuesday for me and my son, both beginners.", summary: "Actually, I'd like to book 2 hours on Tuesday…", ago: 60 * 29,
        draft: { state: "not_drafted", decision: "no_draft", reason: "no draft: the 24 h customer service window is closed", intent: "booking_request", language: "en", confidence: 0.88 } },
      { direction: "outbound", type: "text", body: "Hi Emily, Tuesday works! 10:00–12:00?", summary: "Hi Emily, Tuesday works! 10:00–12:00?", ago: 60 * 28, status: "failed", statusError: { code: 131026, title: "Message undeliverable" } },
    ],
  });

  // Lukas: the same family number, his own customer: a probable match for him only.
  await seedConversation(db, lukas.id, lukasDef.phoneNumberId, {
    identity: "393471112233",
    profileName: "Verdi",
    messages: [
      { direction: "inbound", type: "text", body: "Grüezi Lukas, haben Sie am Samstag noch Platz für einen Segelkurs?", summary: "Grüezi Lukas, haben Sie am Samstag noch Platz für einen Segelkurs?", ago: 30,
        draft: { state: "proposed", decision: "draft", reason: "draft: availability question, confidence 0.79 ≥ 0.70", intent: "availability_question", language: "de", confidence: 0.79, proposedText: "Grüezi! Am Samstag habe ich noch Plätze frei. Wie viele Personen seid ihr, und habt ihr schon Segelerfahrung?" } },
    ],
  });

  return { logins: DEMO_INSTRUCTORS.map((d) => ({ email: d.email, password: DEMO_PASSWORD, name: d.name })) };
}
