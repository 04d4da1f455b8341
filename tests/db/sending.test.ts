/**
 * Sending approved drafts and manual replies through the Cloud API, against a fake Graph
 * server over real HTTP. Every test makes its own instructor (unique phone_number_id) and counts only
 * the Graph calls made for that number.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { applyMessageStatus } from "@/db/queries/apply-message-status";
import { auditEvents, conversations, drafts, messages } from "@/db/schema";
import { approveAndSendDraft } from "@/db/sending/approve-and-send-draft";
import { editDraft } from "@/db/sending/edit-draft";
import { markConversationReadOnWhatsApp } from "@/db/sending/mark-conversation-read-on-whatsapp";
import { markUnknownSendsAfterCrash } from "@/db/sending/mark-unknown-sends-after-crash";
import { rejectDraft } from "@/db/sending/reject-draft";
import type { SendConfig } from "@/db/sending/send-config";
import { httpStatusForSendResult } from "@/db/sending/send-result";
import { sendManualReply } from "@/db/sending/send-manual-reply";
import { createTestInstructor } from "../helpers/factories";
import {
  graphErrors,
  startFakeGraphServer,
  type FakeGraphBehaviour,
  type FakeGraphServer,
} from "../helpers/fake-graph-server";
import { createConversationWithInbound, createDraft } from "../helpers/sending-fixtures";

let fake: FakeGraphServer;
let config: SendConfig;
beforeAll(async () => {
  fake = await startFakeGraphServer();
  config = { graphUrl: fake.graphUrl, accessToken: "test-token", timeoutMs: 2_000 };
});
afterAll(async () => {
  await fake.close();
});

const callsFor = (phoneNumberId: string | null) => fake.calls.filter((c) => c.phoneNumberId === phoneNumberId);

async function setup(opts: { lastInboundAt?: Date | null; markReadOnOpen?: boolean } = {}) {
  const instructor = await createTestInstructor({ markReadOnOpen: opts.markReadOnOpen ?? false });
  const { conversation, inboundMessage, waId } = await createConversationWithInbound({
    instructorId: instructor.id,
    lastInboundAt: opts.lastInboundAt,
  });
  const draft = await createDraft({
    instructorId: instructor.id,
    conversationId: conversation.id,
    messageId: inboundMessage.id,
  });
  return {
    instructor,
    conversation,
    inboundMessage,
    waId,
    draft,
    userId: instructor.userId,
    pnid: instructor.whatsappPhoneNumberId!,
  };
}

const outboundRows = (draftId: string) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.draftId, draftId), eq(messages.direction, "outbound")));
const draftRow = async (id: string) => (await db.select().from(drafts).where(eq(drafts.id, id)))[0]!;
const auditActions = async (instructorId: string) =>
  (
    await db.select().from(auditEvents).where(eq(auditEvents.instructorId, instructorId)).orderBy(auditEvents.createdAt)
  ).map((e) => e.action);

describe("approveAndSendDraft", () => {
  it("sends once, stores the wamid, and a later status webhook moves the message to delivered then read", async () => {
    const s = await setup();
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });

    expect(result.kind).toBe("sent");
    expect(httpStatusForSendResult(result)).toBe(200);
    const calls = callsFor(s.pnid);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.authorization).toBe("Bearer test-token");
    expect(calls[0]!.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: `+${s.waId}`,
      type: "text",
      text: { body: s.draft.proposedText },
    });

    const [outbound] = await outboundRows(s.draft.id);
    expect(outbound).toMatchObject({
      status: "sent",
      externalMessageId: calls[0]!.wamid,
      body: s.draft.proposedText,
      sentByUserId: s.userId,
      direction: "outbound",
    });
    expect(outbound!.sentAt).toBeInstanceOf(Date);
    expect(result.kind === "sent" && result.wamid).toBe(calls[0]!.wamid);
    expect(await draftRow(s.draft.id)).toMatchObject({
      state: "sent",
      outboundMessageId: outbound!.id,
      decidedByUserId: s.userId,
    });
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, s.conversation.id));
    expect(conv!.lastMessagePreview).toBe(s.draft.proposedText);
    expect(conv!.lastMessageAt.getTime()).toBeGreaterThanOrEqual(outbound!.sentAt!.getTime());
    expect(await auditActions(s.instructor.id)).toEqual(["draft.approved", "message.sent"]);

    // The webhook engineer's applyMessageStatus finds the row by the stored wamid.
    const wamid = calls[0]!.wamid!;
    expect(
      await applyMessageStatus({
        instructorId: s.instructor.id,
        externalMessageId: wamid,
        status: "delivered",
        occurredAt: new Date(),
      }),
    ).toBe("applied");
    expect((await outboundRows(s.draft.id))[0]!.status).toBe("delivered");
    expect(
      await applyMessageStatus({
        instructorId: s.instructor.id,
        externalMessageId: wamid,
        status: "read",
        occurredAt: new Date(),
      }),
    ).toBe("applied");
    expect((await outboundRows(s.draft.id))[0]!.status).toBe("read");
  });

  it("commits the outbound row as 'sending' (and the draft as 'sending') before the HTTP call answers", async () => {
    const s = await setup();
    fake.enqueue({ kind: "json", status: 200, delayMs: 400 });
    const pending = approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    const deadline = Date.now() + 3_000;
    while (callsFor(s.pnid).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(callsFor(s.pnid)).toHaveLength(1);
    // Graph has the request but has not answered: the database already says "sending".
    const [during] = await outboundRows(s.draft.id);
    expect(during!.status).toBe("sending");
    expect((await draftRow(s.draft.id)).state).toBe("sending");
    expect((await pending).kind).toBe("sent");
  });

  it("sends the edited text when the instructor changed it, keeping proposed_text", async () => {
    const s = await setup();
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      text: "Saturday 10:00 works, see you!",
      config,
    });
    expect(result.kind).toBe("sent");
    expect((callsFor(s.pnid)[0]!.body as { text: { body: string } }).text.body).toBe("Saturday 10:00 works, see you!");
    expect(await draftRow(s.draft.id)).toMatchObject({
      state: "sent",
      editedText: "Saturday 10:00 works, see you!",
      proposedText: s.draft.proposedText,
    });
  });

  const mapped: [string, () => FakeGraphBehaviour, string, number][] = [
    ["131047 window closed (Graph's own check)", graphErrors.windowClosed, "window_closed", 131047],
    ["131026 undeliverable", graphErrors.undeliverable, "undeliverable", 131026],
    ["130429 rate limited", graphErrors.rateLimited, "rate_limited", 130429],
    ["131056 pair rate limited", graphErrors.pairRateLimited, "rate_limited", 131056],
    ["190 bad token", graphErrors.badToken, "bad_token", 190],
    ["131009 other, shown with code and title", graphErrors.invalidParameter, "other", 131009],
  ];
  it.each(mapped)(
    "Graph error %s → send_failed with the mapped state, message failed, audited",
    async (_name, behaviour, kind, code) => {
      const s = await setup();
      fake.enqueue(behaviour());
      const result = await approveAndSendDraft({
        instructorId: s.instructor.id,
        userId: s.userId,
        draftId: s.draft.id,
        config,
      });
      expect(result.kind).toBe("send_failed");
      expect(httpStatusForSendResult(result)).toBe(502);
      if (result.kind === "send_failed") expect(result.error).toMatchObject({ kind, code });
      expect(callsFor(s.pnid)).toHaveLength(1);
      const [outbound] = await outboundRows(s.draft.id);
      expect(outbound!.status).toBe("failed");
      expect(outbound!.externalMessageId).toBeNull();
      expect(outbound!.statusError).toMatchObject({ kind, code });
      expect(await draftRow(s.draft.id)).toMatchObject({ state: "send_failed", error: result.message });
      expect(await auditActions(s.instructor.id)).toEqual(["draft.approved", "message.send_failed"]);
    },
  );

  it("after a definite failure the instructor may approve again; that sends once more (a new outbound row)", async () => {
    const s = await setup();
    fake.enqueue(graphErrors.rateLimited());
    expect(
      (await approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, config }))
        .kind,
    ).toBe("send_failed");
    const retry = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    expect(retry.kind).toBe("sent");
    expect(callsFor(s.pnid)).toHaveLength(2);
    const rows = await outboundRows(s.draft.id);
    expect(rows.map((r) => r.status).sort()).toEqual(["failed", "sent"]);
    expect((await draftRow(s.draft.id)).outboundMessageId).toBe(rows.find((r) => r.status === "sent")!.id);
  });

  it("a timeout after the request was sent → unknown ('may or may not have been sent'); approving again sends nothing", async () => {
    const s = await setup();
    fake.enqueue({ kind: "hang" });
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config: { ...config, timeoutMs: 300 },
    });
    expect(result.kind).toBe("unknown");
    expect(result.message).toMatch(/may or may not have been sent/i);
    expect(httpStatusForSendResult(result)).toBe(202);
    const [outbound] = await outboundRows(s.draft.id);
    expect(outbound!.status).toBe("unknown");
    expect(outbound!.statusError).toMatchObject({ reason: "timeout" });
    expect((await draftRow(s.draft.id)).state).toBe("unknown");
    expect(await auditActions(s.instructor.id)).toEqual(["draft.approved", "message.send_unknown"]);

    const again = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    expect(again).toMatchObject({ kind: "conflict", state: "unknown" });
    expect(httpStatusForSendResult(again)).toBe(409);
    expect(callsFor(s.pnid)).toHaveLength(1);
  });

  it("a 5xx and a reset mid-request are unknown too, never failed", async () => {
    for (const behaviour of [graphErrors.serverError(), { kind: "reset" } as const]) {
      const s = await setup();
      fake.enqueue(behaviour);
      expect(
        (await approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, config }))
          .kind,
      ).toBe("unknown");
      expect((await outboundRows(s.draft.id))[0]!.status).toBe("unknown");
    }
  });

  it("Graph unreachable (connection refused) is a definite failure: send_failed, unreachable", async () => {
    const s = await setup();
    const refused = { ...config, graphUrl: "http://127.0.0.1:1/v23.0" };
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config: refused,
    });
    expect(result.kind).toBe("send_failed");
    if (result.kind === "send_failed") expect(result.error.kind).toBe("unreachable");
    expect((await draftRow(s.draft.id)).state).toBe("send_failed");
  });

  it("20 concurrent approvals of one draft → exactly one HTTP call, one outbound row, 19 conflicts", async () => {
    const s = await setup();
    fake.enqueue({ kind: "json", status: 200, delayMs: 100 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, config }),
      ),
    );
    expect(callsFor(s.pnid)).toHaveLength(1);
    expect(results.filter((r) => r.kind === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "conflict")).toHaveLength(19);
    expect(await outboundRows(s.draft.id)).toHaveLength(1);
    expect((await draftRow(s.draft.id)).state).toBe("sent");
    expect((await auditActions(s.instructor.id)).filter((a) => a === "draft.approved")).toHaveLength(1);
  });

  it("outside the 24 h window → window_closed (422), zero HTTP calls, nothing stored", async () => {
    const s = await setup({ lastInboundAt: new Date(Date.now() - 25 * 60 * 60 * 1000) });
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    expect(result.kind).toBe("window_closed");
    expect(httpStatusForSendResult(result)).toBe(422);
    expect(result.message).toMatch(/24 hours/);
    expect(callsFor(s.pnid)).toHaveLength(0);
    expect(await outboundRows(s.draft.id)).toHaveLength(0);
    expect((await draftRow(s.draft.id)).state).toBe("proposed");
  });

  it("uses the server's clock: open at 23h59 via `now`, closed at 24h", async () => {
    const s = await setup();
    const last = s.conversation.lastInboundAt!;
    const closed = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
      now: new Date(last.getTime() + 24 * 3600_000),
    });
    expect(closed.kind).toBe("window_closed");
    expect(callsFor(s.pnid)).toHaveLength(0);
    const open = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
      now: new Date(last.getTime() + 24 * 3600_000 - 60_000),
    });
    expect(open.kind).toBe("sent");
  });

  it("not configured (no access token) → approval recorded, 'approved, not sent', zero HTTP calls", async () => {
    const s = await setup();
    const notConfigured = { ...config, accessToken: undefined };
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config: notConfigured,
    });
    expect(result).toEqual({
      kind: "approved_not_sent",
      draftId: s.draft.id,
      message: "Approved, not sent: WhatsApp sending is not configured.",
    });
    expect(httpStatusForSendResult(result)).toBe(202);
    expect(callsFor(s.pnid)).toHaveLength(0);
    expect(await draftRow(s.draft.id)).toMatchObject({ state: "approved", decidedByUserId: s.userId });
    expect(await outboundRows(s.draft.id)).toHaveLength(0);
    // Repeating it records nothing new; once configured, the approved draft can be sent.
    expect(
      (
        await approveAndSendDraft({
          instructorId: s.instructor.id,
          userId: s.userId,
          draftId: s.draft.id,
          config: notConfigured,
        })
      ).kind,
    ).toBe("approved_not_sent");
    expect(await auditActions(s.instructor.id)).toEqual(["draft.approved"]);
    expect(
      (await approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, config }))
        .kind,
    ).toBe("sent");
    expect(callsFor(s.pnid)).toHaveLength(1);
  });

  it("another instructor's draft, or a malformed id, is not_found (404) and calls nothing", async () => {
    const s = await setup();
    const other = await createTestInstructor();
    const result = await approveAndSendDraft({
      instructorId: other.id,
      userId: other.userId,
      draftId: s.draft.id,
      config,
    });
    expect(result.kind).toBe("not_found");
    expect(httpStatusForSendResult(result)).toBe(404);
    expect(
      (await approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: "not-a-uuid", config }))
        .kind,
    ).toBe("not_found");
    expect(callsFor(s.pnid)).toHaveLength(0);
    expect(callsFor(other.whatsappPhoneNumberId)).toHaveLength(0);
    expect((await draftRow(s.draft.id)).state).toBe("proposed");
  });

  it("refuses an empty or over-long text before anything happens", async () => {
    const s = await setup();
    expect(
      (
        await approveAndSendDraft({
          instructorId: s.instructor.id,
          userId: s.userId,
          draftId: s.draft.id,
          text: "   ",
          config,
        })
      ).kind,
    ).toBe("invalid");
    expect(
      (
        await approveAndSendDraft({
          instructorId: s.instructor.id,
          userId: s.userId,
          draftId: s.draft.id,
          text: "x".repeat(4097),
          config,
        })
      ).kind,
    ).toBe("invalid");
    expect(callsFor(s.pnid)).toHaveLength(0);
  });
  it("a draft with no text to send is refused and its claim undone (state unchanged, no outbound row, zero calls)", async () => {
    const s = await setup();
    // Its own conversation: one current draft per conversation.
    const other = await createConversationWithInbound({ instructorId: s.instructor.id });
    const empty = await createDraft({
      instructorId: s.instructor.id,
      conversationId: other.conversation.id,
      messageId: other.inboundMessage.id,
      proposedText: null,
    });
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: empty.id,
      config,
    });
    expect(result.kind).toBe("invalid");
    expect((await draftRow(empty.id)).state).toBe("proposed");
    expect(await outboundRows(empty.id)).toHaveLength(0);
    expect(callsFor(s.pnid)).toHaveLength(0);
  });

  it("a conversation known only by a business-scoped user id (no wa_id) is refused, zero calls", async () => {
    const s = await setup();
    await db
      .update(conversations)
      .set({ waId: null, externalIdentity: "US.13491208655302741918" })
      .where(eq(conversations.id, s.conversation.id));
    const result = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    expect(result).toMatchObject({ kind: "invalid" });
    expect(result.message).toMatch(/no phone number/);
    expect(callsFor(s.pnid)).toHaveLength(0);
  });
});

describe("editDraft and rejectDraft", () => {
  it("edit stores edited_text (state edited, audited); approving without text then sends the edited text", async () => {
    const s = await setup();
    const edited = await editDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      text: "Yes! 10:00 Saturday.",
    });
    expect(edited).toMatchObject({ kind: "edited", editedText: "Yes! 10:00 Saturday." });
    expect(await draftRow(s.draft.id)).toMatchObject({
      state: "edited",
      editedText: "Yes! 10:00 Saturday.",
      proposedText: s.draft.proposedText,
    });
    await approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, config });
    expect((callsFor(s.pnid)[0]!.body as { text: { body: string } }).text.body).toBe("Yes! 10:00 Saturday.");
    expect(await auditActions(s.instructor.id)).toEqual(["draft.edited", "draft.approved", "message.sent"]);
    // A sent draft cannot be edited any more.
    expect(
      (await editDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, text: "late" })).kind,
    ).toBe("conflict");
  });

  it("reject stores the reason (audited); a rejected draft cannot be approved (409) and nothing is sent", async () => {
    const s = await setup();
    const rejected = await rejectDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      reason: "I will call her instead",
    });
    expect(rejected.kind).toBe("rejected");
    expect(await draftRow(s.draft.id)).toMatchObject({
      state: "rejected",
      rejectReason: "I will call her instead",
      decidedByUserId: s.userId,
    });
    const approve = await approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    expect(approve).toMatchObject({ kind: "conflict", state: "rejected" });
    expect(callsFor(s.pnid)).toHaveLength(0);
    expect(await auditActions(s.instructor.id)).toEqual(["draft.rejected"]);
  });

  it("edit and reject of another instructor's draft are not_found", async () => {
    const s = await setup();
    const other = await createTestInstructor();
    expect(
      (await editDraft({ instructorId: other.id, userId: other.userId, draftId: s.draft.id, text: "x" })).kind,
    ).toBe("not_found");
    expect((await rejectDraft({ instructorId: other.id, userId: other.userId, draftId: s.draft.id })).kind).toBe(
      "not_found",
    );
    expect((await draftRow(s.draft.id)).state).toBe("proposed");
  });
});

describe("sendManualReply", () => {
  it("a double-submitted reply (same idempotency key) is sent once; the second answer is 'already submitted'", async () => {
    const s = await setup();
    const args = {
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      body: "See you at 10!",
      idempotencyKey: "compose-1",
      config,
    };
    const first = await sendManualReply(args);
    const second = await sendManualReply(args);
    expect(first.kind).toBe("sent");
    expect(second).toMatchObject({ kind: "already_submitted", status: "sent" });
    expect(httpStatusForSendResult(second)).toBe(200);
    expect(callsFor(s.pnid)).toHaveLength(1);
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.instructorId, s.instructor.id), eq(messages.direction, "outbound")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      idempotencyKey: "compose-1",
      status: "sent",
      sentByUserId: s.userId,
      draftId: null,
    });
  });

  it("20 concurrent submits with one key → one HTTP call", async () => {
    const s = await setup();
    fake.enqueue({ kind: "json", status: 200, delayMs: 100 });
    const args = {
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      body: "On my way",
      idempotencyKey: "compose-burst",
      config,
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => sendManualReply(args)));
    expect(callsFor(s.pnid)).toHaveLength(1);
    expect(results.filter((r) => r.kind === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "already_submitted")).toHaveLength(19);
  });

  it("the same key with a different text is a conflict, not a second send", async () => {
    const s = await setup();
    const base = {
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      idempotencyKey: "compose-2",
      config,
    };
    expect((await sendManualReply({ ...base, body: "first" })).kind).toBe("sent");
    expect((await sendManualReply({ ...base, body: "second" })).kind).toBe("conflict");
    expect(callsFor(s.pnid)).toHaveLength(1);
  });

  it("outside the window → window_closed and zero calls; not configured → not_configured (503) and zero calls", async () => {
    const closed = await setup({ lastInboundAt: new Date(Date.now() - 30 * 3600_000) });
    const r1 = await sendManualReply({
      instructorId: closed.instructor.id,
      userId: closed.userId,
      conversationId: closed.conversation.id,
      body: "hi",
      idempotencyKey: "k1",
      config,
    });
    expect(r1.kind).toBe("window_closed");
    const never = await setup({ lastInboundAt: null });
    const r2 = await sendManualReply({
      instructorId: never.instructor.id,
      userId: never.userId,
      conversationId: never.conversation.id,
      body: "hi",
      idempotencyKey: "k1",
      config,
    });
    expect(r2.kind).toBe("window_closed");
    const open = await setup();
    const r3 = await sendManualReply({
      instructorId: open.instructor.id,
      userId: open.userId,
      conversationId: open.conversation.id,
      body: "hi",
      idempotencyKey: "k1",
      config: { ...config, accessToken: undefined },
    });
    expect(r3.kind).toBe("not_configured");
    expect(httpStatusForSendResult(r3)).toBe(503);
    expect([...callsFor(closed.pnid), ...callsFor(never.pnid), ...callsFor(open.pnid)]).toHaveLength(0);
  });

  it("a manual reply that Graph refuses is failed and audited; another instructor's conversation is not_found", async () => {
    const s = await setup();
    fake.enqueue(graphErrors.undeliverable());
    const result = await sendManualReply({
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      body: "hello",
      idempotencyKey: "k-fail",
      config,
    });
    expect(result.kind).toBe("send_failed");
    expect(await auditActions(s.instructor.id)).toEqual(["message.reply_submitted", "message.send_failed"]);
    const other = await createTestInstructor();
    expect(
      (
        await sendManualReply({
          instructorId: other.id,
          userId: other.userId,
          conversationId: s.conversation.id,
          body: "x",
          idempotencyKey: "k",
          config,
        })
      ).kind,
    ).toBe("not_found");
    expect(callsFor(s.pnid)).toHaveLength(1);
  });
});

describe("markUnknownSendsAfterCrash", () => {
  it("turns a stale 'sending' row (the process died mid-send) and its draft into unknown, never resending; fresh ones are left alone", async () => {
    const s = await setup();
    const old = new Date(Date.now() - 10 * 60_000);
    // The state a crash leaves behind: the claim committed, the answer never recorded.
    const [stale] = await db
      .insert(messages)
      .values({
        instructorId: s.instructor.id,
        conversationId: s.conversation.id,
        direction: "outbound",
        channel: "whatsapp",
        type: "text",
        body: "x",
        summary: "x",
        status: "sending",
        draftId: s.draft.id,
        sentByUserId: s.userId,
        createdAt: old,
      })
      .returning();
    await db.update(drafts).set({ state: "sending", outboundMessageId: stale!.id }).where(eq(drafts.id, s.draft.id));
    const [fresh] = await db
      .insert(messages)
      .values({
        instructorId: s.instructor.id,
        conversationId: s.conversation.id,
        direction: "outbound",
        channel: "whatsapp",
        type: "text",
        body: "y",
        summary: "y",
        status: "sending",
        idempotencyKey: "in-flight",
      })
      .returning();

    const { messageIds } = await markUnknownSendsAfterCrash({ olderThanMs: 5 * 60_000 });
    expect(messageIds).toContain(stale!.id);
    expect(messageIds).not.toContain(fresh!.id);
    const [afterStale] = await db.select().from(messages).where(eq(messages.id, stale!.id));
    const [afterFresh] = await db.select().from(messages).where(eq(messages.id, fresh!.id));
    expect(afterStale!.status).toBe("unknown");
    expect(afterFresh!.status).toBe("sending");
    expect((await draftRow(s.draft.id)).state).toBe("unknown");
    expect(await auditActions(s.instructor.id)).toEqual(["message.send_unknown"]);
    expect(callsFor(s.pnid)).toHaveLength(0);
    // And approving it again does not resend.
    expect(
      (await approveAndSendDraft({ instructorId: s.instructor.id, userId: s.userId, draftId: s.draft.id, config }))
        .kind,
    ).toBe("conflict");
    expect(callsFor(s.pnid)).toHaveLength(0);
  });
});

describe("a late answer after the crash sweep", () => {
  it("Graph's answer, when it does arrive, replaces the sweep's 'unknown' with what really happened", async () => {
    const s = await setup();
    fake.enqueue({ kind: "json", status: 200, delayMs: 400 });
    const pending = approveAndSendDraft({
      instructorId: s.instructor.id,
      userId: s.userId,
      draftId: s.draft.id,
      config,
    });
    const deadline = Date.now() + 3_000;
    while (callsFor(s.pnid).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const { messageIds } = await markUnknownSendsAfterCrash({ olderThanMs: 0 });
    const [outbound] = await outboundRows(s.draft.id);
    expect(messageIds).toContain(outbound!.id);
    expect(outbound!.status).toBe("unknown");
    expect((await pending).kind).toBe("sent");
    expect((await outboundRows(s.draft.id))[0]).toMatchObject({
      status: "sent",
      externalMessageId: callsFor(s.pnid)[0]!.wamid,
    });
    expect((await draftRow(s.draft.id)).state).toBe("sent");
  });
});

describe("markConversationReadOnWhatsApp", () => {
  it("does nothing unless the instructor enabled it; when enabled, marks the latest inbound wamid as read", async () => {
    const off = await setup();
    expect(
      await markConversationReadOnWhatsApp({
        instructorId: off.instructor.id,
        conversationId: off.conversation.id,
        config,
      }),
    ).toEqual({ kind: "disabled" });
    expect(callsFor(off.pnid)).toHaveLength(0);

    const on = await setup({ markReadOnOpen: true });
    const result = await markConversationReadOnWhatsApp({
      instructorId: on.instructor.id,
      conversationId: on.conversation.id,
      config,
    });
    expect(result).toEqual({ kind: "marked", messageId: on.inboundMessage.externalMessageId });
    expect(callsFor(on.pnid).map((c) => c.body)).toEqual([
      { messaging_product: "whatsapp", status: "read", message_id: on.inboundMessage.externalMessageId },
    ]);
  });
});
