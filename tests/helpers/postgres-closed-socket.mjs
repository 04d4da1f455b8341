#!/usr/bin/env node
/**
 * Reproduces postgres.js's write to a closed socket (porsager/postgres #1066, #1154, #1208) in its own
 * process, so a crash or a hang cannot take the test runner with it. A loopback server speaks just
 * enough of the PostgreSQL wire protocol: it opens the connection (AuthenticationOk, ReadyForQuery),
 * answers BEGIN, and drops the connection when the transaction's first query arrives (a restart, a
 * proxy closing it). The transaction then sends its own ROLLBACK on the closed connection: unpatched,
 * that write crashes the process; the transaction must instead be rejected.
 * Prints one line: `settled <code>` (exit 0), or the crash (exit 1), or `hung` (exit 2).
 * Usage: node postgres-closed-socket.mjs [esm|cjs]
 */
import { Buffer } from "node:buffer";
import net from "node:net";
import { clearTimeout, setTimeout } from "node:timers";
import { createRequire } from "node:module";

const flavour = process.argv[2] ?? "esm";
const postgres = flavour === "cjs" ? createRequire(import.meta.url)("postgres") : (await import("postgres")).default;

/** One backend message: a type byte, an int32 length (itself included), the payload. */
function message(type, payload) {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([head, payload]);
}
const authenticationOk = message("R", Buffer.from([0, 0, 0, 0]));
const readyForQuery = message("Z", Buffer.from("I"));

const parseComplete = message("1", Buffer.alloc(0));
const bindComplete = message("2", Buffer.alloc(0));
const noData = message("n", Buffer.alloc(0));
const beginComplete = message("C", Buffer.from("BEGIN\0"));
const readyInTransaction = message("Z", Buffer.from("T"));

const server = net.createServer((socket) => {
  socket.on("error", () => {});
  let batch = 0;
  socket.on("data", () => {
    batch += 1;
    // 1: the startup message, answered as a trust-auth server does. 2: BEGIN. 3: the first query: gone.
    if (batch === 1) socket.write(Buffer.concat([authenticationOk, readyForQuery]));
    else if (batch === 2)
      socket.write(Buffer.concat([parseComplete, bindComplete, noData, beginComplete, readyInTransaction]));
    else socket.destroy();
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const hung = setTimeout(() => {
  console.log("hung");
  process.exit(2);
}, 5_000);

const sql = postgres({
  host: "127.0.0.1",
  port: server.address().port,
  user: "u",
  database: "d",
  fetch_types: false,
  max: 1,
  idle_timeout: 0,
  onnotice: () => {},
});
try {
  await sql.begin((tx) => tx`select 1`);
  console.log("settled without error");
} catch (error) {
  console.log(`settled ${error.code ?? error.message}`);
}
// The crash comes from a write postgres.js defers to setImmediate: give it the time to happen.
await new Promise((resolve) => setTimeout(resolve, 300));
clearTimeout(hung);
process.exit(0);
