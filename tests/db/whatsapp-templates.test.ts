/**
 * Approved templates: listed from a fake Graph server over real HTTP (paged, APPROVED only), cached,
 * offered in the customer's language first with prefilled values, and sent exactly once with the
 * 24 h window closed through the shared outbound path; template errors come back in plain words.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { applyMessageStatus } from "@/db/queries/apply-message-status";
import { auditEvents, drafts, instructors, messages, whatsappTemplates } from "@/db/schema";
import type { SendConfig } from "@/db/sending/send-config";
import { sendManualReply } from "@/db/sending/send-manual-reply";
import { sendTemplateMessage } from "@/db/sending/send-template-message";
import {
  getTemplateSettings,
  listTemplatesForConversation,
  refreshTemplates,
  setBusinessAccountId,
} from "@/db/templates/whatsapp-templates";
import { createTestInstructor } from "../helpers/factories";
import { startFakeGraphServer, type FakeGraphServer } from "../helpers/fake-graph-server";
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

const CLOSED = () => new Date(Date.now() - 30 * 60 * 60 * 1000);

async function setup({
  waba = "102290129340398",
  lastInboundAt = CLOSED(),
}: { waba?: string; lastInboundAt?: Date } = {}) {
  const instructor = await createTestInstructor({});
  await setBusinessAccountId({ instructorId: instructor.id, userId: instructor.userId, businessAccountId: waba });
  const { conversation, inboundMessage } = await createConversationWithInbound({
    instructorId: instructor.id,
    lastInboundAt,
  });
  await db.update(instructors).set({ name: "Giulia Neve" }).where(eq(instructors.id, instructor.id));
  return {
    instructor,
    conversation,
    inboundMessage,
    userId: instructor.userId,
    pnid: instructor.whatsappPhoneNumberId!,
  };
}

const sendsFor = (pnid: string) => fake.sendCalls().filter((c) => c.phoneNumberId === pnid);

describe("refreshTemplates", () => {
  it("follows paging and caches only APPROVED templates, replacing the cache as a whole", async () => {
    const s = await setup();
    const result = await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    expect(result).toMatchObject({ kind: "ok", count: 3 });
    const rows = await db.select().from(whatsappTemplates).where(eq(whatsappTemplates.instructorId, s.instructor.id));
    expect(rows.map((r) => `${r.name}/${r.language}`).sort()).toEqual([
      "booking_reminder/en",
      "lesson_followup/en_US",
      "lesson_followup/it",
    ]);
    expect(rows.find((r) => r.name === "booking_reminder")!.parameterFormat).toBe("NAMED");
    expect(await getTemplateSettings({ instructorId: s.instructor.id })).toMatchObject({
      businessAccountId: "102290129340398",
      count: 3,
      fetchedAt: expect.any(String),
    });
    const listing = fake.calls.filter((c) => c.path.includes("/102290129340398/message_templates"));
    expect(listing.length).toBeGreaterThanOrEqual(2);
    expect(listing[0]!.authorization).toBe("Bearer test-token");

    // A refresh that fails keeps what was there.
    const failed = await refreshTemplates({
      instructorId: s.instructor.id,
      userId: s.userId,
      config: { ...config, graphUrl: "http://127.0.0.1:1/v23.0" },
    });
    expect(failed.kind).toBe("unavailable");
    expect(
      await db.select().from(whatsappTemplates).where(eq(whatsappTemplates.instructorId, s.instructor.id)),
    ).toHaveLength(3);
  });

  it("says what is missing without an account id or a token, and a new account id drops the old cache", async () => {
    const instructor = await createTestInstructor({});
    expect((await refreshTemplates({ instructorId: instructor.id, userId: instructor.userId, config })).kind).toBe(
      "not_configured",
    );
    await setBusinessAccountId({ instructorId: instructor.id, userId: instructor.userId, businessAccountId: "12345" });
    expect(
      (
        await refreshTemplates({
          instructorId: instructor.id,
          userId: instructor.userId,
          config: { ...config, accessToken: undefined },
        })
      ).kind,
    ).toBe("not_configured");
    await refreshTemplates({ instructorId: instructor.id, userId: instructor.userId, config });
    await setBusinessAccountId({ instructorId: instructor.id, userId: instructor.userId, businessAccountId: "67890" });
    expect(
      await db.select().from(whatsappTemplates).where(eq(whatsappTemplates.instructorId, instructor.id)),
    ).toHaveLength(0);
  });
});

describe("listTemplatesForConversation", () => {
  it("puts the customer's language first and prefills the customer's first name and the instructor's name", async () => {
    const s = await setup();
    await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    await createDraft({
      instructorId: s.instructor.id,
      conversationId: s.conversation.id,
      messageId: s.inboundMessage.id,
    });
    await db.update(drafts).set({ language: "it" }).where(eq(drafts.messageId, s.inboundMessage.id));
    const list = await listTemplatesForConversation({
      instructorId: s.instructor.id,
      conversationId: s.conversation.id,
    });
    expect(list!.customerLanguage).toBe("it");
    expect(list!.templates[0]).toMatchObject({
      name: "lesson_followup",
      language: "it",
      matchesCustomerLanguage: true,
    });
    const first = s.conversation.displayName!.split(" ")[0];
    expect(list!.templates[0]!.prefill).toEqual({ "body:1": first, "body:2": "Giulia Neve" });
    const named = list!.templates.find((t) => t.name === "booking_reminder")!;
    expect(named.prefill).toEqual({ "body:first_name": first });
    // Another instructor sees nothing of it.
    const other = await createTestInstructor({});
    expect(
      await listTemplatesForConversation({ instructorId: other.id, conversationId: s.conversation.id }),
    ).toBeNull();
  });
});

describe("a message that arrives with the window already closed", () => {
  it("gets a proposed template in the customer's language with its values; an ordinary closed window does not", async () => {
    const s = await setup();
    await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    const draft = await createDraft({
      instructorId: s.instructor.id,
      conversationId: s.conversation.id,
      messageId: s.inboundMessage.id,
      state: "not_drafted",
      proposedText: null,
    });
    await db
      .update(drafts)
      .set({ language: "it", decision: "no_draft", reason: "no draft: confidence 0.41 < 0.70" })
      .where(eq(drafts.id, draft.id));
    expect(
      (await listTemplatesForConversation({ instructorId: s.instructor.id, conversationId: s.conversation.id }))!
        .suggestion,
    ).toBeNull();

    await db
      .update(drafts)
      .set({ reason: "no draft: outside the 24 h customer service window" })
      .where(eq(drafts.id, draft.id));
    const list = await listTemplatesForConversation({
      instructorId: s.instructor.id,
      conversationId: s.conversation.id,
    });
    const proposed = list!.templates.find((t) => t.id === list!.suggestion!.templateId)!;
    expect(proposed).toMatchObject({ name: "lesson_followup", language: "it" });
    expect(list!.suggestion!.values).toEqual({
      "body:1": s.conversation.displayName!.split(" ")[0],
      "body:2": "Giulia Neve",
    });
    expect(list!.suggestion!.reason).toMatch(/after the 24-hour window had closed/);
  });
});

describe("sendTemplateMessage", () => {
  it("sends type template with the parameters once with the window closed; a double submit sends nothing more", async () => {
    const s = await setup();
    await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    const [tpl] = await db
      .select()
      .from(whatsappTemplates)
      .where(and(eq(whatsappTemplates.instructorId, s.instructor.id), eq(whatsappTemplates.language, "en_US")));
    const args = {
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      templateId: tpl!.id,
      values: { "body:1": "Maria", "body:2": "Giulia" },
      idempotencyKey: "tpl-key-000001",
      config,
    };

    // A free-form reply is refused with the window closed; the template is not.
    expect((await sendManualReply({ ...args, body: "hello" })).kind).toBe("window_closed");
    const [a, b] = await Promise.all([sendTemplateMessage(args), sendTemplateMessage(args)]);
    expect([a.kind, b.kind].sort()).toEqual(["already_submitted", "sent"].sort());
    const sends = sendsFor(s.pnid);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: expect.stringMatching(/^\+39333/),
      type: "template",
      template: {
        name: "lesson_followup",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Maria" },
              { type: "text", text: "Giulia" },
            ],
          },
        ],
      },
    });
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, s.conversation.id), eq(messages.direction, "outbound")));
    expect(row).toMatchObject({ type: "template", status: "sent", externalMessageId: sends[0]!.wamid });
    expect(row!.body).toContain("Hi Maria, this is Giulia.");
    expect(row!.body).toContain("Your lesson");
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.instructorId, s.instructor.id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["template.submitted", "message.sent"]));
    expect((await sendTemplateMessage(args)).kind).toBe("already_submitted");
    expect(sendsFor(s.pnid)).toHaveLength(1);
  });

  it("sends named parameters with parameter_name and refuses empty values before calling Graph", async () => {
    const s = await setup();
    await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    const [tpl] = await db
      .select()
      .from(whatsappTemplates)
      .where(and(eq(whatsappTemplates.instructorId, s.instructor.id), eq(whatsappTemplates.name, "booking_reminder")));
    const base = {
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      templateId: tpl!.id,
      config,
    };
    const empty = await sendTemplateMessage({
      ...base,
      values: { "body:first_name": "Maria", "body:day": " " },
      idempotencyKey: "tpl-key-empty1",
    });
    expect(empty).toMatchObject({ kind: "invalid", message: "Fill in {{day}}." });
    expect(sendsFor(s.pnid)).toHaveLength(0);
    const sent = await sendTemplateMessage({
      ...base,
      values: { "body:first_name": "Maria", "body:day": "Saturday" },
      idempotencyKey: "tpl-key-named1",
    });
    expect(sent.kind).toBe("sent");
    expect((sendsFor(s.pnid)[0]!.body as { template: unknown }).template).toEqual({
      name: "booking_reminder",
      language: { code: "en" },
      components: [
        {
          type: "body",
          parameters: [
            { type: "text", text: "Maria", parameter_name: "first_name" },
            { type: "text", text: "Saturday", parameter_name: "day" },
          ],
        },
      ],
    });
  });

  it.each([132000, 132001, 132005, 132007, 132012, 132015, 132016])(
    "error %i is stored as failed with a plain-words message and what to do",
    async (code) => {
      const s = await setup({ waba: "900000000001" });
      await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
      const [tpl] = await db
        .select()
        .from(whatsappTemplates)
        .where(
          and(eq(whatsappTemplates.instructorId, s.instructor.id), eq(whatsappTemplates.name, `fake_error_${code}`)),
        );
      const result = await sendTemplateMessage({
        instructorId: s.instructor.id,
        userId: s.userId,
        conversationId: s.conversation.id,
        templateId: tpl!.id,
        values: { "body:1": "Maria" },
        idempotencyKey: `tpl-err-${code}`,
        config,
      });
      expect(result.kind).toBe("send_failed");
      expect(result.message).toContain(`WhatsApp error ${code}`);
      expect(result.message).not.toMatch(/fake_error|OAuthException/);
      const [row] = await db
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, s.conversation.id), eq(messages.direction, "outbound")));
      expect(row!.status).toBe("failed");
    },
  );

  it("a 131047 failed status after acceptance is shown in plain words", async () => {
    const s = await setup({ waba: "900000000002" });
    await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    const [tpl] = await db
      .select()
      .from(whatsappTemplates)
      .where(
        and(eq(whatsappTemplates.instructorId, s.instructor.id), eq(whatsappTemplates.name, "fake_status_131047")),
      );
    const result = await sendTemplateMessage({
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      templateId: tpl!.id,
      values: { "body:1": "Maria" },
      idempotencyKey: "tpl-status-131047",
      config,
    });
    expect(result.kind).toBe("sent");
    const wamid = sendsFor(s.pnid)[0]!.wamid!;
    await applyMessageStatus({
      instructorId: s.instructor.id,
      externalMessageId: wamid,
      status: "failed",
      occurredAt: new Date(),
      errors: [{ code: 131047, title: "Re-engagement message" }],
    });
    const [row] = await db.select().from(messages).where(eq(messages.externalMessageId, wamid));
    expect(row!.statusError).toMatchObject({ message: expect.stringContaining("24-hour window has closed") });
  });

  it("a lost answer leaves the template unknown, and the same key never sends it again", async () => {
    const s = await setup();
    await refreshTemplates({ instructorId: s.instructor.id, userId: s.userId, config });
    const [tpl] = await db
      .select()
      .from(whatsappTemplates)
      .where(and(eq(whatsappTemplates.instructorId, s.instructor.id), eq(whatsappTemplates.language, "it")));
    fake.enqueue({ kind: "hang" });
    const result = await sendTemplateMessage({
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      templateId: tpl!.id,
      values: { "body:1": "Maria", "body:2": "Giulia" },
      idempotencyKey: "tpl-hang-0001",
      config: { ...config, timeoutMs: 300 },
    });
    expect(result.kind).toBe("unknown");
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, s.conversation.id), eq(messages.direction, "outbound")));
    expect(row!.status).toBe("unknown");
    const again = await sendTemplateMessage({
      instructorId: s.instructor.id,
      userId: s.userId,
      conversationId: s.conversation.id,
      templateId: tpl!.id,
      values: { "body:1": "Maria", "body:2": "Giulia" },
      idempotencyKey: "tpl-hang-0001",
      config,
    });
    expect(again.kind).toBe("already_submitted");
    expect(sendsFor(s.pnid)).toHaveLength(1);
  });
});
