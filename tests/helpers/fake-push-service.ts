/**
 * A fake Web Push service on loopback speaking the real protocol (RFC 8030 delivery, RFC 8292 VAPID,
 * RFC 8291 aes128gcm). Each fake device is what a browser holds: a P-256 key pair and an auth secret;
 * its subscription's endpoint points here. The service checks the VAPID JWT like a push service does,
 * records each push, answers 201 (or a queued status such as 410 Gone), and can decrypt a push with
 * the device's private key the way the browser would (http_ece, the library web-push encrypts with).
 */
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";

export interface FakeDevice {
  id: string;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  ecdh: ECDH;
  authSecret: Buffer;
}

export interface FakePush {
  deviceId: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** What the VAPID check found: the `k` key and the JWT claims, or the reason it failed. */
  vapid:
    { ok: true; publicKey: string; claims: { aud: string; exp: number; sub: string } } | { ok: false; reason: string };
  status: number;
}

export interface FakePushService {
  baseUrl: string;
  pushes: FakePush[];
  newDevice(): FakeDevice;
  /** The next push to this device gets this status (e.g. 410 Gone, 404). */
  answerNext(deviceId: string, status: number): void;
  /** Decrypt a received push as the device would, to its JSON payload. */
  decryptPayload(push: FakePush): unknown;
  pushesFor(deviceId: string): FakePush[];
  waitForPush(deviceId: string, timeoutMs?: number): Promise<FakePush>;
  close(): Promise<void>;
}

function checkVapid(authorization: string | undefined, endpointOrigin: string): FakePush["vapid"] {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!match) return { ok: false, reason: "no vapid authorization" };
  const [, jwt, k] = match as unknown as [string, string, string];
  const [header, claims, signature] = jwt.split(".");
  if (!header || !claims || !signature) return { ok: false, reason: "malformed jwt" };
  const raw = Buffer.from(k, "base64url");
  if (raw.length !== 65 || raw[0] !== 4) return { ok: false, reason: "k is not an uncompressed P-256 point" };
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!valid) return { ok: false, reason: "bad signature" };
  const parsed = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (parsed.aud !== endpointOrigin) return { ok: false, reason: `aud ${parsed.aud} is not ${endpointOrigin}` };
  if (parsed.exp * 1000 < Date.now()) return { ok: false, reason: "expired" };
  return { ok: true, publicKey: k, claims: parsed };
}

export async function startFakePushService({ port = 0 }: { port?: number } = {}): Promise<FakePushService> {
  const devices = new Map<string, FakeDevice>();
  const queued = new Map<string, number[]>();
  const pushes: FakePush[] = [];
  const waiters: { deviceId: string; resolve: (push: FakePush) => void }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const match = /^\/push\/([\w-]+)$/.exec(req.url ?? "");
      const deviceId = match?.[1];
      if (req.method !== "POST" || !deviceId || !devices.has(deviceId)) {
        res.writeHead(404).end();
        return;
      }
      const vapid = checkVapid(req.headers.authorization, baseUrl);
      const status = !vapid.ok
        ? 403
        : req.headers["content-encoding"] !== "aes128gcm" || !req.headers.ttl
          ? 400
          : (queued.get(deviceId)?.shift() ?? 201);
      const push: FakePush = { deviceId, headers: req.headers, body: Buffer.concat(chunks), vapid, status };
      pushes.push(push);
      res
        .writeHead(status, status === 201 ? { location: `${baseUrl}/message/${randomBytes(6).toString("hex")}` } : {})
        .end();
      for (const waiter of waiters.filter((w) => w.deviceId === deviceId)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(push);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    pushes,
    newDevice() {
      const id = randomBytes(8).toString("hex");
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const device: FakeDevice = {
        id,
        ecdh,
        authSecret,
        subscription: {
          endpoint: `${baseUrl}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") },
        },
      };
      devices.set(id, device);
      return device;
    },
    answerNext(deviceId, status) {
      queued.set(deviceId, [...(queued.get(deviceId) ?? []), status]);
    },
    decryptPayload(push) {
      const device = devices.get(push.deviceId);
      if (!device) throw new Error(`unknown device ${push.deviceId}`);
      const plain = decrypt(push.body, {
        version: "aes128gcm",
        privateKey: device.ecdh,
        authSecret: device.authSecret,
      });
      return JSON.parse(plain.toString("utf8"));
    },
    pushesFor(deviceId) {
      return pushes.filter((p) => p.deviceId === deviceId);
    },
    waitForPush(deviceId, timeoutMs = 10_000) {
      const seen = pushes.find((p) => p.deviceId === deviceId);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no push for device ${deviceId} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ deviceId, resolve: (push) => (clearTimeout(timer), resolve(push)) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
