/**
 * The demo seed: two instructors with logins, customers (two of one instructor sharing a number, and
 * the same number as a customer of the other instructor), conversations with inbound and outbound
 * messages of several types, and drafts, so that every customer-signal state and draft state shows.
 * Draft decisions, reasons, intents and confidences come from the real classifier and draft policy
 * (planTurnDraft/completeTurnDraft, as orchestration runs them): the seed only says which state a
 * proposed draft has reached (edited, sent, rejected...), never why there is or is not a draft.
 */
import { GIULIA_PROFILE, LUKAS_PROFILE } from "./demo-profiles";
import { count, eq } from "drizzle-orm";
import { completeTurnDraft, DETERMINISTIC_GENERATOR, planTurnDraft } from "@/lib/drafting/plan-turn-draft";
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
  type Instructor,
  type NewMessage,
} from "./schema";
import type { DraftState } from "@/lib/vocabulary";

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
  /**
   * Where the instructor took the draft, if the policy makes one; the decision itself is the policy's. A
   * proposal still waiting is the composer's own text (so the panel's "what the draft uses" matches it); only
   * drafts the instructor already acted on carry the text they acted on.
   */
  draft?:
    | {
        state: Exclude<DraftState, "not_drafted" | "pending" | "failed">;
        proposedText?: string;
        editedText?: string;
        rejectReason?: string;
      }
    | "policy";
}

interface SeedConversation {
  identity: string;
  profileName: string | null;
  customerId?: string;
  messages: SeedMessage[];
}

/** A conversation that is one text from the customer, with the draft proposed for it still waiting. */
function newEnquiry({
  identity,
  profileName,
  body,
  summary,
  ago,
}: {
  identity: string;
  profileName: string;
  body: string;
  summary: string;
  ago: number;
}): SeedConversation {
  return {
    identity,
    profileName,
    messages: [{ direction: "inbound", type: "text", body, summary, ago, draft: { state: "proposed" } }],
  };
}

let wamidCounter = 0;
const wamid = () => `wamid.DEMO${Date.now().toString(36)}${(wamidCounter++).toString(36).padStart(4, "0")}`;

/** The draft orchestration would make for this message when it arrived (no model, window open then). */
function policyDraft(instructor: Instructor, customerName: string | null, m: SeedMessage) {
  const plan = planTurnDraft({
    turn: [{ direction: "inbound", type: m.type, text: m.body ?? null, sentAt: minutes(m.ago) }],
    history: [],
    instructor,
    customer: { name: customerName, notes: null },
    windowOpen: true,
    modelAvailable: false,
  });
  const outcome = completeTurnDraft(plan, null);
  const wanted = m.draft === "policy" || !m.draft ? null : m.draft;
  const drafted = outcome.decision.decision === "draft";
  return {
    attention: outcome.decision.attention,
    reasonForAttention: outcome.decision.reason,
    values: {
      state: drafted ? (wanted?.state ?? "proposed") : ("not_drafted" as DraftState),
      decision: outcome.decision.decision,
      reason: outcome.decision.reason,
      intent: outcome.classification?.intent ?? null,
      language: outcome.classification?.language ?? null,
      confidence: outcome.classification?.confidence ?? null,
      evidence: outcome.classification?.evidence ?? null,
      generator: drafted ? DETERMINISTIC_GENERATOR : null,
      promptVersion: drafted ? outcome.promptVersion : null,
      proposedText: drafted ? (wanted?.proposedText ?? outcome.proposedText) : null,
      editedText: drafted ? (wanted?.editedText ?? null) : null,
      rejectReason: drafted ? (wanted?.rejectReason ?? null) : null,
    },
  };
}

async function seedConversation(db: Db, instructor: Instructor, phoneNumberId: string, c: SeedConversation) {
  const instructorId = instructor.id;
  const ordered = [...c.messages].sort((a, b) => b.ago - a.ago);
  const drafts_ = new Map(ordered.filter((m) => m.draft).map((m) => [m, policyDraft(instructor, c.profileName, m)]));
  const handoff = [...drafts_.values()].find((d) => d.attention);
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
      attention: handoff?.attention ?? null,
      attentionReason: handoff?.reasonForAttention ?? null,
      attentionAt: handoff ? minutes(last.ago) : null,
      createdAt: minutes(ordered[0]!.ago),
    })
    .returning();
  await db
    .insert(channelIdentityMapping)
    .values({ instructorId, channel: "whatsapp", externalIdentity: c.identity, conversationId: conversation!.id });

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
          payload: {
            from: c.identity,
            id,
            timestamp: String(Math.floor(minutes(m.ago).getTime() / 1000)),
            type: m.type,
            seed: true,
          },
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
    const draft = drafts_.get(m);
    if (draft) {
      await db.insert(drafts).values({
        instructorId,
        conversationId: conversation!.id,
        messageId: message!.id,
        attempts: 1,
        createdAt: minutes(m.ago),
        updatedAt: minutes(m.ago),
        ...draft.values,
      });
    }
  }
  return conversation!;
}

async function addCustomer(
  db: Db,
  instructorId: string,
  displayName: string,
  numbers: { raw: string; normalized: string }[],
  notes?: string,
) {
  const [customer] = await db
    .insert(customers)
    .values({ instructorId, displayName, notes: notes ?? null })
    .returning();
  for (const n of numbers) {
    await db.insert(customerIdentifiers).values({
      instructorId,
      customerId: customer!.id,
      channel: "whatsapp",
      raw: n.raw,
      normalizedIdentifier: n.normalized,
    });
  }
  return customer!;
}

export async function seedDemo(db: Db): Promise<{ logins: { email: string; password: string; name: string }[] }> {
  const [giuliaDef, lukasDef] = DEMO_INSTRUCTORS;
  const { instructor: giulia } = await addInstructor({ db, ...giuliaDef, password: DEMO_PASSWORD });
  const { instructor: lukas } = await addInstructor({ db, ...lukasDef, password: DEMO_PASSWORD });
  await db
    .update(instructors)
    .set({ priceText: "Private lesson: €65/hour, €240 for a half day (up to 3 people). Equipment not included." })
    .where(eq(instructors.id, giulia.id));
  await db.update(instructors).set({ profile: GIULIA_PROFILE }).where(eq(instructors.id, giulia.id));
  await db.update(instructors).set({ profile: LUKAS_PROFILE }).where(eq(instructors.id, lukas.id));
  const [giuliaRow] = await db.select().from(instructors).where(eq(instructors.id, giulia.id));
  const [lukasRow] = await db.select().from(instructors).where(eq(instructors.id, lukas.id));
  if (!giuliaRow || !lukasRow) throw new Error("seed: instructors missing");

  // Customers of Giulia. Anna and Paolo share one family number: CM-2.1 resolves that to no one.
  await addCustomer(
    db,
    giulia.id,
    "Marco Bianchi",
    [{ raw: "333 123 4567", normalized: "+393331234567" }],
    "Intermediate skier, prefers mornings",
  );
  await addCustomer(
    db,
    giulia.id,
    "Anna Verdi",
    [{ raw: "+39 347 111 2233", normalized: "+393471112233" }],
    "Mother of Paolo",
  );
  await addCustomer(
    db,
    giulia.id,
    "Paolo Verdi",
    [{ raw: "0039 347 1112233", normalized: "+393471112233" }],
    "Child, 9 years old",
  );
  const sophie = await addCustomer(db, giulia.id, "Sophie Martin", [
    { raw: "+33 6 12 34 56 78", normalized: "+33612345678" },
  ]);
  // The same family number is also a customer of Lukas: never visible to Giulia, and vice versa.
  await addCustomer(db, lukas.id, "Famiglia Verdi", [{ raw: "+39 347 111 2233", normalized: "+393471112233" }]);
  await addCustomer(db, lukas.id, "Urs Keller", [{ raw: "079 123 45 67", normalized: "+41791234567" }]);

  // Probable match (exactly one customer has this number) with a proposed draft.
  await seedConversation(
    db,
    giuliaRow,
    giuliaDef.phoneNumberId,
    newEnquiry({
      identity: "393331234567",
      profileName: "Marco",
      body: "Ciao Giulia! Vorrei prenotare una lezione privata sabato mattina per me e mia moglie, livello intermedio.",
      summary: "Ciao Giulia! Vorrei prenotare una lezione privata sabato mattina…",
      ago: 12,
    }),
  );

  // Ambiguous: two customers share the number; the instructor edited the draft.
  await seedConversation(db, giuliaRow, giuliaDef.phoneNumberId, {
    identity: "393471112233",
    profileName: "Verdi",
    messages: [
      {
        direction: "inbound",
        type: "text",
        body: "Buongiorno, quanto costa una lezione per un bambino di 9 anni?",
        summary: "Buongiorno, quanto costa una lezione per un bambino di 9 anni?",
        ago: 45,
        draft: {
          state: "edited",
          proposedText: "Buongiorno! Lezione privata: 65 €/ora, 240 € per mezza giornata (fino a 3 persone).",
          editedText:
            "Buongiorno! Per Paolo la lezione privata costa 65 €/ora; per i bambini consiglio 2 ore al mattino. Quando vi andrebbe bene?",
        },
      },
      {
        direction: "inbound",
        type: "image",
        summary: "📷 Photo: Skipass",
        content: { media: { id: "1234567890", mime_type: "image/jpeg", caption: "Skipass" } },
        body: "Skipass",
        ago: 44,
      },
    ],
  });

  // Linked explicitly by the instructor (CM-2.1 step 1), in French, with a sent and read reply.
  await seedConversation(db, giuliaRow, giuliaDef.phoneNumberId, {
    identity: "33612345678",
    profileName: "Sophie M.",
    customerId: sophie.id,
    messages: [
      {
        direction: "inbound",
        type: "text",
        body: "Bonjour, êtes-vous disponible jeudi après-midi ?",
        summary: "Bonjour, êtes-vous disponible jeudi après-midi ?",
        ago: 180,
        draft: {
          state: "sent",
          proposedText:
            "Bonjour Sophie, oui, jeudi après-midi je suis disponible à partir de 14h. Quelle heure vous conviendrait ?",
        },
      },
      {
        direction: "outbound",
        type: "text",
        body: "Bonjour Sophie, oui, jeudi après-midi je suis disponible à partir de 14h. Quelle heure vous conviendrait ?",
        summary: "Bonjour Sophie, oui, jeudi après-midi je suis disponible à partir de 14h…",
        ago: 170,
        status: "read",
        reactionEmoji: "👍",
      },
      {
        direction: "inbound",
        type: "location",
        summary: "📍 Location: Rifugio Col Druscié",
        content: {
          location: {
            latitude: 46.5463,
            longitude: 12.1225,
            name: "Rifugio Col Druscié",
            address: "Cortina d'Ampezzo",
          },
        },
        ago: 160,
      },
      {
        direction: "inbound",
        type: "text",
        body: "Merci beaucoup !",
        summary: "Merci beaucoup !",
        ago: 150,
        draft: { state: "rejected", proposedText: "Avec plaisir, à jeudi !", rejectReason: "No reply needed" },
      },
    ],
  });

  // No match: nobody has this number; a complaint handed to a human.
  await seedConversation(db, giuliaRow, giuliaDef.phoneNumberId, {
    identity: "4915112345678",
    profileName: "Jonas",
    messages: [
      {
        direction: "inbound",
        type: "text",
        body: "Hallo, ich möchte mich beschweren: wir haben gestern 2 Stunden auf die Lehrerin gewartet. Das ist wirklich nicht in Ordnung.",
        summary: "Hallo, ich möchte mich beschweren: wir haben gestern 2 Stunden…",
        ago: 300,
        draft: "policy",
      },
      {
        direction: "inbound",
        type: "audio",
        summary: "🎤 Voice message",
        content: { media: { id: "987654321", mime_type: "audio/ogg; codecs=opus", voice: true } },
        ago: 299,
      },
    ],
  });

  // No phone number shared: WhatsApp gave only the business-scoped user id (matched on it; none of Giulia's customers has it).
  await seedConversation(db, giuliaRow, giuliaDef.phoneNumberId, {
    identity: "IT.13491208655302741918",
    profileName: "Chiara",
    messages: [{ direction: "inbound", type: "text", body: "ok", summary: "ok", ago: 600, draft: "policy" }],
  });

  // Outside the 24 h window: free-form replies are no longer allowed; a superseded draft.
  await seedConversation(db, giuliaRow, giuliaDef.phoneNumberId, {
    identity: "447700900123",
    profileName: "Emily",
    messages: [
      {
        direction: "inbound",
        type: "text",
        body: "Hi! Do you have any availability next week?",
        summary: "Hi! Do you have any availability next week?",
        ago: 60 * 30,
        draft: {
          state: "superseded",
          proposedText: "Hi Emily, thanks for your message! Which days next week suit you?",
        },
      },
      {
        direction: "inbound",
        type: "text",
        body: "Actually, I'd like to book 2 hours on Tuesday for me and my son, both beginners.",
        summary: "Actually, I'd like to book 2 hours on Tuesday…",
        ago: 60 * 29,
        draft: "policy",
      },
      {
        direction: "outbound",
        type: "text",
        body: "Hi Emily, Tuesday works! 10:00–12:00?",
        summary: "Hi Emily, Tuesday works! 10:00–12:00?",
        ago: 60 * 28,
        status: "failed",
        statusError: { code: 131026, title: "Message undeliverable" },
      },
    ],
  });

  // Lukas: the same family number, his own customer: a probable match for him only.
  await seedConversation(
    db,
    lukasRow,
    lukasDef.phoneNumberId,
    newEnquiry({
      identity: "393471112233",
      profileName: "Verdi",
      body: "Grüezi Lukas, haben Sie am Samstag noch Platz frei für einen Segelkurs?",
      summary: "Grüezi Lukas, haben Sie am Samstag noch Platz frei für einen Segelkurs?",
      ago: 30,
    }),
  );

  return { logins: DEMO_INSTRUCTORS.map((d) => ({ email: d.email, password: DEMO_PASSWORD, name: d.name })) };
}
