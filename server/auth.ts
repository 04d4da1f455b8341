/**
 * Sign-in for instructors with better-auth (email and password), its Drizzle adapter, secure cookies
 * in production, and login rate limiting stored in the database (shared by several instances).
 * Touches the outside (database, cookies) by name.
 */
import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/db";
import * as schema from "@/db/schema";
import { hostname, networkInterfaces } from "node:os";
import { localOrigins } from "@/lib/auth-origins";
import { appUrl, authSecret, env, isProduction } from "./env";
import { logger } from "./logger";

export const auth = betterAuth({
  appName: "Instructor Inbox",
  baseURL: appUrl,
  secret: authSecret,
  database: drizzleAdapter(db, {
    provider: "pg",
    schema: {
      user: schema.user,
      session: schema.session,
      account: schema.account,
      verification: schema.verification,
      rateLimit: schema.rateLimit,
    },
  }),
  // Instructors are onboarded by `npm run instructor:add`; there is no public sign-up.
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
  rateLimit: {
    enabled: true,
    storage: "database",
    window: 60,
    max: 300,
    customRules: {
      "/sign-in/email": { window: 60, max: env.LOGIN_RATE_LIMIT_MAX },
    },
  },
  advanced: {
    useSecureCookies: isProduction && appUrl.startsWith("https://"),
  },
  // APP_URL set: the only trusted origin. Unset (never in production, see server/env.ts): every address
  // of this machine, read on each request so a network joined after the start is trusted too.
  trustedOrigins: env.APP_URL
    ? [env.APP_URL]
    : () => localOrigins({ port: env.PORT, hostname: hostname(), interfaces: networkInterfaces() }),
  plugins: [nextCookies()],
  // Through our redacting logger: better-auth's own errors during an outage carry the session token in
  // the failed query's parameters. Only the first Error argument is kept (serialized, scrubbed).
  logger: {
    level: "warn",
    log: (level, message, ...args) => {
      const err = args.find((a) => a instanceof Error);
      logger[level]({ err, component: "better-auth" }, `better-auth: ${message}`);
    },
  },
});
