import { Writable } from "node:stream";
import { DrizzleQueryError } from "drizzle-orm/errors";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "@/server/logger";
import { scrubConsoleArg } from "@/lib/redact";

const PHONE = "+393471234567";
const TEXT = "Ciao, sono Anna: posso venire sabato?";
const TOKEN = "tok_6fN2xJc9QwZr8LmP";

function outageError(): Error {
  // What postgres.js throws, wrapped by drizzle: the parameters ride in `parameters` and in the message.
  const cause = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
  Object.defineProperty(cause, "parameters", { value: [PHONE, TEXT], enumerable: true });
  return new DrizzleQueryError(
    'select "id" from "session" where "token" = $1 and "phone" = $2 and "body" = $3',
    [TOKEN, PHONE, TEXT],
    cause,
  );
}

function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { log: pino({ ...loggerOptions(), level: "info" }, stream), text: () => lines.join("") };
}

describe("log redaction", () => {
  it("a drizzle query error keeps its SQL and class in the log, never its parameters (message, stack, fields, causes)", () => {
    const { log, text } = memoryLogger();
    log.error({ err: outageError() }, "ingestion failed");
    const out = text();
    expect(out).toContain("DrizzleQueryError");
    expect(out).toContain('from \\"session\\"');
    expect(out).toContain("CONNECTION_CLOSED");
    for (const secret of [PHONE, TEXT, TOKEN, "393471234567"]) expect(out).not.toContain(secret);
  });

  it("known paths are redacted: bodies, texts, tokens, cookies, passwords", () => {
    const { log, text } = memoryLogger();
    log.info(
      {
        body: TEXT,
        message: { text: TEXT },
        headers: { cookie: `better-auth.session_token=${TOKEN}` },
        accessToken: TOKEN,
        user: { password: "demo-password" },
      },
      "x",
    );
    const out = text();
    for (const secret of [TEXT, TOKEN, "demo-password"]) expect(out).not.toContain(secret);
  });

  it("what Next prints with console.error is scrubbed by the console guard's mapping", () => {
    const printed = String(scrubConsoleArg(outageError()));
    expect(printed).toContain("Failed query");
    for (const secret of [PHONE, TEXT, TOKEN]) expect(printed).not.toContain(secret);
  });
});
