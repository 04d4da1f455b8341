/**
 * The one reader of process.env (touches the outside by name). Every variable of PRODUCT.md is
 * validated here with zod; a wrong one fails with a message that names it.
 */
import "server-only";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: positiveInt(3000),
    /** Unset: an embedded PGlite database on disk under PGLITE_DIR. */
    DATABASE_URL: optionalUrl,
    /** Where the embedded database lives; "memory://" keeps it in memory (tests). */
    PGLITE_DIR: z.string().default(".data/pglite"),
    DATABASE_POOL_MAX: positiveInt(10),
    /** "off": no prepared statements (PgBouncer in transaction mode, or to compare); each is then parsed and planned every time. */
    DATABASE_PREPARE: z.enum(["on", "off"]).default("on"),
    /**
     * PostgreSQL's plan_cache_mode for the prepared statements. Unset: `force_custom_plan` in the web process
     * (a thread page is planned with its conversation's own size) and `auto` in `npm run worker` (its statements
     * are key lookups, inserts and claims, and planning them every time was about half their cost).
     */
    DATABASE_PLAN_CACHE_MODE: z.enum(["force_custom_plan", "auto"]).optional(),
    WHATSAPP_APP_SECRET: optionalString,
    WHATSAPP_VERIFY_TOKEN: optionalString,
    WHATSAPP_ACCESS_TOKEN: optionalString,
    WHATSAPP_GRAPH_URL: z.url().default("https://graph.facebook.com/v23.0"),
    WHATSAPP_SEND_TIMEOUT_MS: positiveInt(10_000),
    AI_BASE_URL: optionalUrl,
    AI_API_KEY: optionalString,
    AI_MODEL: optionalString,
    AI_TIMEOUT_MS: positiveInt(8_000),
    /** The auth secret (better-auth). Required in production. */
    BETTER_AUTH_SECRET: optionalString,
    /** The public base URL of the app, used for auth callbacks and secure cookies. */
    APP_URL: optionalUrl,
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
    /** How often each server instance looks for conversations whose newest message was never drafted (a safety net behind the queue). 0 = off. */
    DRAFT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
    /**
     * How long a turn's drafting waits after an inbound message for more of the same turn (a customer's
     * "Hallo!" and then the question are drafted once, as a whole); each further message waits again,
     * never past DRAFT_DEBOUNCE_MAX_MS after the first. 0 = draft at once.
     */
    DRAFT_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(1200),
    DRAFT_DEBOUNCE_MAX_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
    /** Jobs (drafting…) each worker process runs at a time: the web process's own worker and `npm run worker`. */
    WORKER_CONCURRENCY: positiveInt(8),
    /**
     * Webhook deliveries each worker process files at a time (a lane of its own: filing never waits behind
     * drafts that wait on the model). Each delivery is a few short transactions.
     */
    FILING_CONCURRENCY: positiveInt(4),
    /**
     * The scheduling niceness `npm run worker` gives itself (0–19; 0 = unchanged): drafting has seconds to
     * spare, the webhook answers in milliseconds, so on a machine they share the web process goes first.
     */
    WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    /**
     * "off": the web process runs no job worker, `npm run worker` processes do (PostgreSQL only; on the
     * embedded PGlite database the worker always runs inside the server).
     */
    WEB_JOB_WORKER: z.enum(["on", "off"]).default("on"),
    /** Login attempts allowed per IP per minute. */
    LOGIN_RATE_LIMIT_MAX: positiveInt(5),
    /**
     * "1" when `npm start` runs the app on the user's own machine: not production, although `next start`
     * sets NODE_ENV=production. Then APP_URL may be unset and sign-in trusts every address of the machine.
     */
    INBOX_LOCAL: z.enum(["0", "1"]).optional(),
    /** Web Push (VAPID) key pair, base64url; `npm start` generates one locally. Required in production. */
    VAPID_PUBLIC_KEY: optionalString,
    VAPID_PRIVATE_KEY: optionalString,
    /** Who the push services may contact about our pushes: mailto: or https: (default from APP_URL). */
    VAPID_SUBJECT: optionalString,
    /** Media files: a folder on disk (default .data/media), or an S3-compatible bucket when MEDIA_S3_BUCKET is set. */
    MEDIA_DIR: z.string().default(".data/media"),
    MEDIA_S3_ENDPOINT: optionalUrl,
    MEDIA_S3_BUCKET: optionalString,
    MEDIA_S3_REGION: z.string().default("us-east-1"),
    MEDIA_S3_ACCESS_KEY_ID: optionalString,
    MEDIA_S3_SECRET_ACCESS_KEY: optionalString,
    /** Set by Next.js itself while building. */
    NEXT_PHASE: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    // `next build` evaluates modules with NODE_ENV=production but serves nothing: secrets are checked at run time.
    if (env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
    if (!env.APP_URL && env.INBOX_LOCAL !== "1") {
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message:
          "is required in production: the public URL of the app (such as https://inbox.example.com), the only origin sign-in trusts",
      });
    }
    if (!env.WHATSAPP_APP_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["WHATSAPP_APP_SECRET"],
        message: "is required in production: webhook signatures cannot be checked without it",
      });
    }
    if (!env.BETTER_AUTH_SECRET || env.BETTER_AUTH_SECRET.length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_SECRET"],
        message: "is required in production and must be at least 32 characters",
      });
    }
    for (const key of ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"] as const) {
      if (!env[key])
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "is required in production: push notifications cannot be sent without it",
        });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parse an environment; throws EnvError naming every wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"} ${issue.message}`));
  }
  return result.data;
}

const DEV_AUTH_SECRET = "development-only-secret-do-not-use-in-production-0123456789";

export const env: Env = parseEnv(process.env);

/** The auth secret: required in production (checked above), a fixed development value otherwise. */
export const authSecret = env.BETTER_AUTH_SECRET ?? DEV_AUTH_SECRET;
export const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
/** A production server; `npm start` on one's own machine (INBOX_LOCAL=1) is not one. */
export const isProduction = env.NODE_ENV === "production" && env.INBOX_LOCAL !== "1";

/** The VAPID identity of this server, or null when no key pair is configured (push is then off). */
export const vapid: { publicKey: string; privateKey: string; subject: string } | null =
  env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
    ? {
        publicKey: env.VAPID_PUBLIC_KEY,
        privateKey: env.VAPID_PRIVATE_KEY,
        // Push services want a way to reach the sender: an https page of the app, else a mailto.
        subject: env.VAPID_SUBJECT ?? (appUrl.startsWith("https://") ? appUrl : "mailto:push@instructor-inbox.invalid"),
      }
    : null;
