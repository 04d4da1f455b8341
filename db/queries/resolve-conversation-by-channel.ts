import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db as defaultDb, type DbOrTx } from "@/db";
import { channelIdentityMapping, conversations } from "@/db/schema";
import type { Channel } from "@/lib/vocabulary";

export interface ResolveConversationByChannelArgs {
  instructorId: string;
  channel: Channel;
  /** The sender identity as the channel gives it (WhatsApp: the `from`/`wa_id` digits, else the BSUID). */
  externalIdentity: string;
  /** Other identities WhatsApp gave for the same sender in the same message (the BSUID next to the phone). */
  alternateIdentities?: string[];
  /** Values for a conversation created now. */
  initial?: {
    displayName?: string | null;
    waId?: string | null;
    whatsappUserId?: string | null;
    lastMessageAt?: Date;
  };
}

export interface ResolvedConversation {
  conversationId: string;
  created: boolean;
}

/** Thrown inside the savepoint to undo our conversation row when another request mapped the identity first. */
class LostCreateRace extends Error {}

/** The conversation already mapped to any of these identities of the sender (primary first), or null. Read-only. */
export async function findMapped(
  dbOrTx: DbOrTx,
  { instructorId, channel, identities }: { instructorId: string; channel: Channel; identities: string[] },
): Promise<{ conversationId: string; mapped: Set<string> } | null> {
  const rows = await dbOrTx
    .select({
      externalIdentity: channelIdentityMapping.externalIdentity,
      conversationId: channelIdentityMapping.conversationId,
    })
    .from(channelIdentityMapping)
    .where(
      and(
        eq(channelIdentityMapping.instructorId, instructorId),
        eq(channelIdentityMapping.channel, channel),
        inArray(channelIdentityMapping.externalIdentity, identities),
      ),
    );
  if (rows.length === 0) return null;
  // The primary identity wins; two identities mapped to different conversations are never merged (CM-2.1).
  const chosen = identities.map((identity) => rows.find((r) => r.externalIdentity === identity)).find(Boolean)!;
  return { conversationId: chosen.conversationId, mapped: new Set(rows.map((r) => r.externalIdentity)) };
}

/**
 * TA-3 step 3: the conversation of `(instructor, channel, sender identity)`, found through
 * `channel_identity_mapping` or created. Race-safe: the unique mapping key decides the winner; a loser's
 * conversation row is rolled back inside a savepoint (no orphan), and it then reads the winner's mapping.
 * So two concurrent first messages of a new sender create ONE conversation. Instructor-scoped (CM-2.1):
 * the same number writing to two instructors gets two conversations. Never links a customer.
 *
 * Pass the transaction that persists the message, so a failure leaves nothing half-written.
 */
export async function resolveConversationByChannel(
  args: ResolveConversationByChannelArgs,
  dbOrTx: DbOrTx = defaultDb,
): Promise<ResolvedConversation> {
  const { instructorId, channel, externalIdentity } = args;
  const identities = [externalIdentity, ...(args.alternateIdentities ?? []).filter((i) => i && i !== externalIdentity)];

  const existing = await findMapped(dbOrTx, { instructorId, channel, identities });
  if (existing) {
    const missing = identities.filter((identity) => !existing.mapped.has(identity));
    if (missing.length > 0) {
      await dbOrTx
        .insert(channelIdentityMapping)
        .values(
          missing.map((identity) => ({
            instructorId,
            channel,
            externalIdentity: identity,
            conversationId: existing.conversationId,
          })),
        )
        .onConflictDoNothing();
    }
    return { conversationId: existing.conversationId, created: false };
  }

  try {
    return await dbOrTx.transaction(async (savepoint) => {
      const [conversation] = await savepoint
        .insert(conversations)
        .values({
          instructorId,
          channel,
          externalIdentity,
          displayName: args.initial?.displayName ?? null,
          waId: args.initial?.waId ?? null,
          whatsappUserId: args.initial?.whatsappUserId ?? null,
          ...(args.initial?.lastMessageAt ? { lastMessageAt: args.initial.lastMessageAt } : {}),
        })
        .returning({ id: conversations.id });
      const mapped = await savepoint
        .insert(channelIdentityMapping)
        .values({ instructorId, channel, externalIdentity, conversationId: conversation!.id })
        .onConflictDoNothing()
        .returning({ id: channelIdentityMapping.id });
      if (mapped.length === 0) throw new LostCreateRace();
      if (identities.length > 1) {
        await savepoint
          .insert(channelIdentityMapping)
          .values(
            identities.slice(1).map((identity) => ({
              instructorId,
              channel,
              externalIdentity: identity,
              conversationId: conversation!.id,
            })),
          )
          .onConflictDoNothing();
      }
      return { conversationId: conversation!.id, created: true };
    });
  } catch (error) {
    if (!(error instanceof LostCreateRace)) throw error;
  }

  const winner = await findMapped(dbOrTx, { instructorId, channel, identities });
  if (!winner) throw new Error("resolveConversationByChannel: mapping vanished after a lost create race");
  return { conversationId: winner.conversationId, created: false };
}
