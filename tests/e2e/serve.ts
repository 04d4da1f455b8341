/**
 * The end-to-end server: a fresh database (Postgres if DATABASE_URL is set, else PGlite on disk),
 * migrated and seeded, then the production build served by `next start` on every address of the machine,
 * without APP_URL, as `npm start` serves it. Playwright starts and stops it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { signBody } from "@/lib/whatsapp/verify-signature";
import { startFakeGraphServer } from "../helpers/fake-graph-server";
import { E2E_GRAPH_PORT, E2E_SECRETS, e2eDatabaseUrl, e2ePgliteDir, e2eRunId } from "./e2e-env";

const port = process.env.E2E_PORT ?? "3100";
const databaseUrl = e2eDatabaseUrl();

if (!existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`)) {
  console.error("No production build: run `npx next build` first (npm test does).");
  process.exit(1);
}

if (databaseUrl) {
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${new URL(databaseUrl).pathname.slice(1)}`);
  await admin.end();
}
const handle = createDb({ databaseUrl, pgliteDir: e2ePgliteDir() });
await runMigrations(handle);
await seedDemo(handle.db);
await handle.close();

// The outside world we cannot reach here: a fake Graph API on loopback that accepts sends and, like
// WhatsApp, later posts signed status webhooks (sent → delivered → read) for each sent message.
const graph = await startFakeGraphServer({ port: E2E_GRAPH_PORT });
let reported = 0;
setInterval(async () => {
  const sends = graph.sendCalls().filter((c) => c.wamid);
  for (const call of sends.slice(reported)) {
    // Template `fake_status_131047` is accepted, then fails like a late 131047 (window closed) status.
    const failsLater = (call.body as { template?: { name?: string } }).template?.name === "fake_status_131047";
    for (const status of failsLater ? ["failed"] : ["sent", "delivered", "read"]) {
      const errors = failsLater
        ? [
            {
              code: 131047,
              title: "Re-engagement message",
              message: "Re-engagement message",
              error_data: {
                details:
                  "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
              },
            },
          ]
        : undefined;
      const body = JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "WABA",
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "15550000000", phone_number_id: call.phoneNumberId },
                  statuses: [
                    {
                      id: call.wamid,
                      status,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      recipient_id: String((call.body as { to?: string }).to ?? "").replace("+", ""),
                      ...(errors ? { errors } : {}),
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      await fetch(`http://127.0.0.1:${port}/api/webhook/whatsapp`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signBody(body, E2E_SECRETS.WHATSAPP_APP_SECRET),
        },
      }).catch(() => {});
    }
  }
  reported = sends.length;
}, 500).unref();

const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...E2E_SECRETS,
  PORT: port,
  // Like `npm start` on one's own machine: no APP_URL, every address of the machine (any-address.spec.ts).
  INBOX_LOCAL: "1",
  WHATSAPP_GRAPH_URL: graph.graphUrl,
  LOGIN_RATE_LIMIT_MAX: "1000",
  DRAFT_SWEEP_INTERVAL_MS: "2000",
  // This run's media files, apart from a developer's .data/media.
  MEDIA_DIR: `.test-output/e2e-media-${e2eRunId()}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
delete serverEnv.APP_URL;
if (databaseUrl) serverEnv.DATABASE_URL = databaseUrl;
else {
  delete serverEnv.DATABASE_URL;
  serverEnv.PGLITE_DIR = e2ePgliteDir();
}

// No -H: it listens on every address, as `npm start` does, so the machine's LAN address answers too.
// Idle connections kept 65 s, not Node's 5 s: Playwright's request client reuses a socket the server may be closing
// at that moment, and the request then fails with ECONNRESET (seen once in the media spec).
const server = spawn("npx", ["next", "start", "-p", port, "--keepAliveTimeout", "65000"], {
  stdio: "inherit",
  env: serverEnv,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
