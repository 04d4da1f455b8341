/**
 * Inbound media through the real webhook route: the message is stored as soon as its delivery is filed
 * (no worker runs in the db suite: each test files the deliveries it posted), with a media_files row
 * and a `media_fetch` job written by the same statement; the job (db/queue.ts) fetches from a fake Graph
 * server over real HTTP, checks size and sha256, stores the bytes (disk, or a fake S3 that checks SigV4
 * signatures), retries what may pass and says why in plain words when it gives up.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "test-app-secret-for-webhook-signatures";
  process.env.WHATSAPP_VERIFY_TOKEN = "test-verify-token";
});

import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import S3rver from "s3rver";
import { POST } from "@/app/api/webhook/whatsapp/route";
import { db } from "@/db";
import { MEDIA_FETCH_JOB, registerMediaFetchJob, retryMediaFetch } from "@/db/media/inbound-media";
import { getStoredMedia, mediaForMessages } from "@/db/media/thread-media";
import { DRAFT_TURN_JOB } from "@/db/orchestration/draft-turn-job-kind";
import { registerDraftTurnJob } from "@/db/orchestration/register-draft-turn-job";
import { drainJobs } from "@/db/queue";
import { jobs, mediaFiles, messages } from "@/db/schema";
import type { SendConfig } from "@/db/sending/send-config";
import { settleDetachedTasks } from "@/server/run-after-response";
import { diskStorage, s3Storage, type MediaStorage } from "@/server/media-storage";
import { webhookRequest } from "../fixtures/whatsapp/fixture-tools";
import { createTestInstructor, uniqueSuffix } from "../helpers/factories";
import { deliveryKeyOf, fileDeliveries } from "../helpers/file-deliveries";
import { startFakeGraphServer, type FakeGraphServer } from "../helpers/fake-graph-server";
import { makeOggOpus, makePng } from "../helpers/media-samples";

let fake: FakeGraphServer;
let config: SendConfig;
let dir: string;
let storage: MediaStorage;
beforeAll(async () => {
  fake = await startFakeGraphServer();
  config = { graphUrl: fake.graphUrl, accessToken: "test-token", timeoutMs: 2_000 };
  dir = await mkdtemp(path.join(tmpdir(), "inbox-media-"));
  storage = diskStorage(dir);
  registerMediaFetchJob({ config, storage });
});
afterAll(async () => {
  await settleDetachedTasks();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

function mediaDelivery({
  phoneNumberId,
  type,
  mediaId,
  timestamp = new Date(),
  extra = {},
}: {
  phoneNumberId: string;
  type: string;
  mediaId: string;
  timestamp?: Date;
  extra?: Record<string, unknown>;
}) {
  const id = `wamid.MEDIA${uniqueSuffix()}${uniqueSuffix()}`;
  const from = `39333${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  return {
    id,
    body: {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550000000", phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: "Maria Rossi" }, wa_id: from }],
                messages: [
                  {
                    from,
                    id,
                    timestamp: String(Math.floor(timestamp.getTime() / 1000)),
                    type,
                    [type]: {
                      id: mediaId,
                      mime_type: type === "audio" ? "audio/ogg; codecs=opus" : "image/png",
                      ...extra,
                    },
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  };
}

async function deliver(args: Parameters<typeof mediaDelivery>[0]) {
  const { id, body } = mediaDelivery(args);
  const response = await POST(webhookRequest(JSON.stringify(body)));
  expect(response.status).toBe(200);
  expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
  const [message] = await db.select().from(messages).where(eq(messages.externalMessageId, id));
  const [media] = await db.select().from(mediaFiles).where(eq(mediaFiles.messageId, message!.id));
  return { externalMessageId: id, message: message!, media: media! };
}

const mediaRow = async (id: string) => (await db.select().from(mediaFiles).where(eq(mediaFiles.id, id)))[0]!;
const jobFor = async (externalMessageId: string) =>
  (
    await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, MEDIA_FETCH_JOB), eq(jobs.key, `whatsapp:${externalMessageId}`)))
  )[0];
/** Make a job waiting for its backoff due now (the test does not wait seconds). */
const dueNow = (externalMessageId: string) =>
  db
    .update(jobs)
    .set({ runAt: sql`now()` })
    .where(and(eq(jobs.kind, MEDIA_FETCH_JOB), eq(jobs.key, `whatsapp:${externalMessageId}`)));

describe("inbound media fetch", () => {
  it("stores the message at once with a pending file and its job, then fetches and stores a photo and a voice note", async () => {
    const instructor = await createTestInstructor();
    const photo = await deliver({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "image",
      mediaId: `img-image-${uniqueSuffix()}`,
      extra: { caption: "My boots" },
    });
    expect(photo.message).toMatchObject({ type: "image", body: "My boots" });
    expect(photo.media).toMatchObject({ state: "pending", kind: "image", direction: "inbound" });
    expect(await jobFor(photo.externalMessageId)).toMatchObject({ state: "queued" });
    const voice = await deliver({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "audio",
      mediaId: `voice-${uniqueSuffix()}`,
      extra: { voice: true },
    });

    await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    const storedPhoto = await mediaRow(photo.media.id);
    expect(storedPhoto).toMatchObject({
      state: "stored",
      mimeType: "image/png",
      byteSize: makePng().length,
      attempts: 1,
    });
    expect(await storage.get(storedPhoto.storageKey!)).toEqual(makePng());
    const storedVoice = await mediaRow(voice.media.id);
    expect(storedVoice).toMatchObject({
      state: "stored",
      mimeType: "audio/ogg; codecs=opus",
      byteSize: makeOggOpus(2).length,
    });
    // The download used the bearer token.
    expect(fake.calls.find((c) => c.path.startsWith("/media-download/img-image"))?.authorization).toBe(
      "Bearer test-token",
    );

    // The thread sees it; another instructor never does.
    const shown = await mediaForMessages({ instructorId: instructor.id, messageIds: [photo.message.id] });
    expect(shown.get(photo.message.id)).toMatchObject({ state: "stored", kind: "image" });
    const other = await createTestInstructor();
    expect(await getStoredMedia({ instructorId: other.id, mediaFileId: photo.media.id })).toBeNull();
    expect((await mediaForMessages({ instructorId: other.id, messageIds: [photo.message.id] })).size).toBe(0);
    expect(await getStoredMedia({ instructorId: instructor.id, mediaFileId: photo.media.id })).not.toBeNull();
  });

  it("a download that fails once is retried with backoff and then stored", async () => {
    const instructor = await createTestInstructor();
    const photo = await deliver({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "image",
      mediaId: `failonce-image-${uniqueSuffix()}`,
    });
    const first = await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    expect(first.retried).toBeGreaterThanOrEqual(1);
    const waiting = await mediaRow(photo.media.id);
    expect(waiting).toMatchObject({ state: "pending", attempts: 1 });
    expect(waiting.lastError).toMatch(/HTTP 500/);
    const job = await jobFor(photo.externalMessageId);
    expect(job!.state).toBe("queued");
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now() + 200); // backoff, not immediately
    await dueNow(photo.externalMessageId);
    await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    expect(await mediaRow(photo.media.id)).toMatchObject({ state: "stored", attempts: 2, lastError: null });
  });

  it("a wrong sha256 is never stored: retried, then failed in plain words on the last attempt", async () => {
    const instructor = await createTestInstructor();
    const photo = await deliver({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "image",
      mediaId: `badsha-image-${uniqueSuffix()}`,
    });
    await db
      .update(jobs)
      .set({ maxAttempts: 2 })
      .where(eq(jobs.key, `whatsapp:${photo.externalMessageId}`));
    await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    await dueNow(photo.externalMessageId);
    await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    const row = await mediaRow(photo.media.id);
    expect(row.state).toBe("failed");
    expect(row.storageKey).toBeNull();
    expect(row.lastError).toMatch(/after 2 tries.*checksum/);

    // "Could not load — retry" queues it again (the owner only).
    const other = await createTestInstructor();
    expect(
      (await retryMediaFetch({ instructorId: other.id, userId: other.userId, mediaFileId: photo.media.id })).kind,
    ).toBe("not_found");
    expect(
      (await retryMediaFetch({ instructorId: instructor.id, userId: instructor.userId, mediaFileId: photo.media.id }))
        .kind,
    ).toBe("ok");
    expect(await mediaRow(photo.media.id)).toMatchObject({ state: "pending" });
    expect(await jobFor(photo.externalMessageId)).toMatchObject({ state: "queued", attempts: 0 });
  });

  it("an id WhatsApp no longer knows, or a message older than 7 days, ends as expired with a message for the thread", async () => {
    const instructor = await createTestInstructor();
    const gone = await deliver({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "image",
      mediaId: `expired-${uniqueSuffix()}`,
    });
    const old = await deliver({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "image",
      mediaId: `image-${uniqueSuffix()}`,
      timestamp: new Date(Date.now() - 8 * 24 * 3_600_000),
    });
    await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    for (const id of [gone.media.id, old.media.id]) {
      const row = await mediaRow(id);
      expect(row.state).toBe("expired");
      expect(row.lastError).toMatch(/expire 7 days after the message/);
    }
    expect(
      (await retryMediaFetch({ instructorId: instructor.id, userId: instructor.userId, mediaFileId: gone.media.id }))
        .kind,
    ).toBe("conflict");
  });

  it("a file over WhatsApp's size limit for its kind is refused before it is read", async () => {
    const instructor = await createTestInstructor();
    const mediaId = `big-${uniqueSuffix()}`;
    fake.addMedia(mediaId, { bytes: Buffer.alloc(5 * 1024 * 1024 + 1, 1), mimeType: "image/jpeg" });
    const photo = await deliver({ phoneNumberId: instructor.whatsappPhoneNumberId!, type: "image", mediaId });
    await drainJobs({ kinds: [MEDIA_FETCH_JOB] });
    const row = await mediaRow(photo.media.id);
    expect(row.state).toBe("failed");
    expect(row.lastError).toMatch(/too large/);
    expect(fake.calls.some((c) => c.path.startsWith(`/media-download/${mediaId}`))).toBe(false);
  });

  it("a redelivered webhook is a duplicate: one message, one file, one job", async () => {
    const instructor = await createTestInstructor();
    const { id, body } = mediaDelivery({
      phoneNumberId: instructor.whatsappPhoneNumberId!,
      type: "image",
      mediaId: `image-${uniqueSuffix()}`,
    });
    const keys: (string | null)[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await POST(webhookRequest(JSON.stringify(body)));
      expect(response.status).toBe(200);
      keys.push(await deliveryKeyOf(response));
    }
    expect(await fileDeliveries(keys)).toBe(2);
    const rows = await db
      .select()
      .from(mediaFiles)
      .innerJoin(messages, eq(messages.id, mediaFiles.messageId))
      .where(eq(messages.externalMessageId, id));
    expect(rows).toHaveLength(1);
    expect(
      await db
        .select()
        .from(jobs)
        .where(eq(jobs.key, `whatsapp:${id}`)),
    ).toHaveLength(1);
  });
});

describe("S3-compatible storage", () => {
  // s3rver parses the SigV4 Authorization header and checks the access key id, but does not recompute
  // V4 signatures (its own docs say so): a wrong secret is NOT caught here; a wrong key id is.
  it("puts and gets through a fake S3 on loopback (SigV4 header, path-style); an unknown access key is refused", async () => {
    const s3dir = await mkdtemp(path.join(tmpdir(), "inbox-s3-"));
    const server = new S3rver({
      port: 0,
      address: "127.0.0.1",
      silent: true,
      directory: s3dir,
      configureBuckets: [{ name: "inbox-media", configs: [] }],
    });
    const address = (await server.run()) as AddressInfo;
    try {
      const endpoint = `http://127.0.0.1:${address.port}`;
      const bucket = s3Storage({
        endpoint,
        bucket: "inbox-media",
        region: "us-east-1",
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
      });
      const key = `${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}/photo-1`;
      await bucket.put(key, makePng(), "image/png");
      expect(await bucket.get(key)).toEqual(makePng());
      expect(await bucket.get(`${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}/missing`)).toBeNull();
      const wrong = s3Storage({
        endpoint,
        bucket: "inbox-media",
        region: "us-east-1",
        accessKeyId: "NOT-A-KEY",
        secretAccessKey: "S3RVER",
      });
      await expect(wrong.put(key, makePng(), "image/png")).rejects.toThrow(/HTTP 403/);
    } finally {
      await server.close();
      await rm(s3dir, { recursive: true, force: true });
    }
  });
});

describe("outbound attachments", () => {
  it("uploads a photo to /{phone_number_id}/media, then sends it by id exactly once per key, and keeps a copy for the thread", async () => {
    const { createConversationWithInbound } = await import("../helpers/sending-fixtures");
    const { sendMediaMessage } = await import("@/db/sending/send-media-message");
    const instructor = await createTestInstructor();
    const { conversation } = await createConversationWithInbound({ instructorId: instructor.id });
    const args = {
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      file: { bytes: makePng(), mimeType: "image/png", fileName: "../../meeting point.png" },
      caption: "Meet here",
      idempotencyKey: `attach-${uniqueSuffix()}`,
      config,
      storage,
    };
    const first = await sendMediaMessage(args);
    expect(first.kind).toBe("sent");
    const again = await sendMediaMessage(args);
    expect(again.kind).toBe("already_submitted");

    const uploads = fake.calls.filter((c) => c.path === `/v23.0/${instructor.whatsappPhoneNumberId}/media`);
    expect(uploads).toHaveLength(1);
    const sends = fake.sendCalls().filter((c) => c.phoneNumberId === instructor.whatsappPhoneNumberId);
    expect(sends).toHaveLength(1);
    const sent = sends[0]!.body as { type: string; image: { id: string; caption: string } };
    expect(sent.type).toBe("image");
    expect(sent.image.caption).toBe("Meet here");
    expect(fake.uploads.get(sent.image.id)).toMatchObject({
      mimeType: "image/png",
      fileName: "meeting point.png",
      bytes: makePng(),
    });

    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.direction, "outbound")));
    expect(row).toMatchObject({ type: "image", status: "sent", body: "Meet here" });
    const [file] = await db.select().from(mediaFiles).where(eq(mediaFiles.messageId, row!.id));
    expect(file).toMatchObject({
      direction: "outbound",
      state: "stored",
      whatsappMediaId: sent.image.id,
      fileName: "meeting point.png",
    });
    expect(await storage.get(file!.storageKey!)).toEqual(makePng());
  });

  it("refuses a type WhatsApp cannot take and a closed window before uploading anything", async () => {
    const { createConversationWithInbound } = await import("../helpers/sending-fixtures");
    const { sendMediaMessage } = await import("@/db/sending/send-media-message");
    const instructor = await createTestInstructor();
    const { conversation } = await createConversationWithInbound({
      instructorId: instructor.id,
      lastInboundAt: new Date(Date.now() - 30 * 3_600_000),
    });
    const base = {
      instructorId: instructor.id,
      userId: instructor.userId,
      conversationId: conversation.id,
      caption: null,
      config,
      storage,
    };
    const svg = await sendMediaMessage({
      ...base,
      file: { bytes: Buffer.from("<svg/>"), mimeType: "image/svg+xml", fileName: "x.svg" },
      idempotencyKey: `attach-${uniqueSuffix()}`,
    });
    expect(svg.kind).toBe("invalid");
    const closed = await sendMediaMessage({
      ...base,
      file: { bytes: makePng(), mimeType: "image/png", fileName: "a.png" },
      idempotencyKey: `attach-${uniqueSuffix()}`,
    });
    expect(closed.kind).toBe("window_closed");
    expect(fake.calls.filter((c) => c.path === `/v23.0/${instructor.whatsappPhoneNumberId}/media`)).toHaveLength(0);
  });
});

describe("a late delivery", () => {
  it("a text WhatsApp sent 30 hours before it reached us gets no free-form draft (the window is judged by the customer's send time)", async () => {
    const { drafts } = await import("@/db/schema");
    const instructor = await createTestInstructor();
    const id = `wamid.LATE${uniqueSuffix()}${uniqueSuffix()}`;
    const from = `39333${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    const sent = String(Math.floor(Date.now() / 1000) - 30 * 3600);
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "1", phone_number_id: instructor.whatsappPhoneNumberId },
                contacts: [{ profile: { name: "Late" }, wa_id: from }],
                messages: [
                  {
                    from,
                    id,
                    timestamp: sent,
                    type: "text",
                    text: { body: "Hello! Is there a lesson free on Saturday morning?" },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const response = await POST(webhookRequest(JSON.stringify(body)));
    expect(response.status).toBe(200);
    expect(await fileDeliveries([await deliveryKeyOf(response)])).toBe(1);
    // The message queued its turn's drafting job in its own statement: run that job here.
    const [stored] = await db
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(eq(messages.externalMessageId, id));
    registerDraftTurnJob();
    await drainJobs({ kinds: [DRAFT_TURN_JOB], keys: [stored!.conversationId] });
    const [row] = await db
      .select({ draft: drafts })
      .from(drafts)
      .innerJoin(messages, eq(messages.id, drafts.messageId))
      .where(eq(messages.externalMessageId, id));
    expect(row!.draft).toMatchObject({
      state: "not_drafted",
      reason: "no draft: outside the 24 h customer service window",
      language: "en",
    });
  });
});
