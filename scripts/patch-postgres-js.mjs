#!/usr/bin/env node
/**
 * postinstall: guard postgres.js 3.4.9's write scheduler against a closed socket.
 * Upstream bug (porsager/postgres #1066, #1154, #1208; fix proposed in PR #1168): when a connection dies
 * with a small write buffered, a setImmediate calls socket.write on null and crashes the process, and
 * teardown leaves `nextWriteTimer` set so a reused connection never flushes again (requests hang).
 * Found by tests/e2e/reliability.spec.ts (database outage through a TCP proxy). Idempotent; it only
 * touches the two exact places, and says so if the installed version no longer has them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const MARK = "/* instructor-inbox: null-socket guard */";
const files = ["node_modules/postgres/src/connection.js", "node_modules/postgres/cjs/src/connection.js"];
const edits = [
  ["  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)", `  function nextWrite(fn) {\n    ${MARK} if (!socket) { nextWriteTimer !== null && clearImmediate(nextWriteTimer); chunk = nextWriteTimer = null; return false }\n    const x = socket.write(chunk, fn)`],
  ["    clearImmediate(nextWriteTimer)\n    if (socket) {", "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {"],
  ["    incomings = null\n    clearImmediate(nextWriteTimer)\n", "    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n"],
];

for (const file of files) {
  if (!existsSync(file)) continue;
  let source = readFileSync(file, "utf8");
  if (source.includes(MARK)) continue;
  const missing = edits.filter(([from]) => !source.includes(from));
  if (missing.length) {
    console.warn(`patch-postgres-js: ${file} has changed upstream; not patched (check whether the null-socket fix is released).`);
    continue;
  }
  for (const [from, to] of edits) source = source.replace(from, to);
  writeFileSync(file, source);
}
