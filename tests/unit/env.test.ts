import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";

describe("parseEnv", () => {
  it("accepts an empty development environment with defaults (the zero-config start)", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.PORT).toBe(3000);
  });

  it("names the variable when one is wrong", () => {
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ PORT: "-1" })).toThrow(/PORT/);
    expect(() => parseEnv({ AI_BASE_URL: "nope" })).toThrow(/AI_BASE_URL/);
  });

  it("refuses to start in production without the webhook app secret or the auth secret", () => {
    try {
      parseEnv({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).issues.join("\n")).toMatch(/WHATSAPP_APP_SECRET/);
      expect((error as EnvError).issues.join("\n")).toMatch(/BETTER_AUTH_SECRET/);
    }
  });

  it("refuses a production start without APP_URL, naming it", () => {
    const secrets = {
      WHATSAPP_APP_SECRET: "s",
      BETTER_AUTH_SECRET: "x".repeat(32),
      VAPID_PUBLIC_KEY: "p",
      VAPID_PRIVATE_KEY: "k",
    };
    expect(() => parseEnv({ NODE_ENV: "production", ...secrets })).toThrow(/APP_URL is required in production/);
    expect(parseEnv({ NODE_ENV: "production", ...secrets, APP_URL: "https://inbox.example.com" }).APP_URL).toBe(
      "https://inbox.example.com",
    );
  });

  it("lets `npm start` on one's own machine (INBOX_LOCAL=1) and development run without APP_URL", () => {
    const secrets = {
      WHATSAPP_APP_SECRET: "s",
      BETTER_AUTH_SECRET: "x".repeat(32),
      VAPID_PUBLIC_KEY: "p",
      VAPID_PRIVATE_KEY: "k",
    };
    expect(parseEnv({ NODE_ENV: "production", INBOX_LOCAL: "1", ...secrets }).APP_URL).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "development" }).APP_URL).toBeUndefined();
  });

  it("lets `next build` evaluate modules in production mode without run-time secrets", () => {
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("treats an empty string as unset (a blank line in a .env file)", () => {
    expect(parseEnv({ WHATSAPP_ACCESS_TOKEN: "" }).WHATSAPP_ACCESS_TOKEN).toBeUndefined();
  });

  it("requires a VAPID key pair in production (push notifications), not in development", () => {
    const secrets = {
      NODE_ENV: "production",
      WHATSAPP_APP_SECRET: "x",
      BETTER_AUTH_SECRET: "b".repeat(32),
      APP_URL: "https://inbox.example.com",
    };
    expect(() => parseEnv(secrets)).toThrow(/VAPID_PUBLIC_KEY[\s\S]*VAPID_PRIVATE_KEY/);
    expect(() => parseEnv({ ...secrets, VAPID_PUBLIC_KEY: "p", VAPID_PRIVATE_KEY: "k" })).not.toThrow();
    expect(() => parseEnv({})).not.toThrow();
  });
});
