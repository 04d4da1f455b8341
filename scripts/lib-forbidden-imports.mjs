/**
 * What lib/ may never import: it is the pure core, so nothing that needs the database, Next, secrets or
 * the network. One list for both checks of `npm test`: the ESLint rule on lib/** (eslint.config.mjs) and
 * the scan of every specifier, dynamic import() and require() included (tests/unit/lib-purity.test.ts).
 */
const LAYERS = "db|server|app|components|scripts|tests|bench|proxy|instrumentation";
const MODULES = [
  "next(/.*)?",
  "server-only",
  "postgres(/.*)?",
  "drizzle-orm(/.*)?",
  "drizzle-kit(/.*)?",
  "@electric-sql/pglite(/.*)?",
  "better-auth(/.*)?",
  "ai(/.*)?",
  "@ai-sdk/.*",
  "aws4fetch",
  "web-push",
  "pino(-pretty)?(/.*)?",
  "undici(/.*)?",
  "(node:)?(http|https|http2|net|tls|dgram|dns|fs|fs/promises|child_process|worker_threads|cluster)",
];

/** Matches a forbidden module specifier: another layer (by alias or by a relative path out of lib/), or a module with I/O. */
export const LIB_FORBIDDEN_IMPORT = new RegExp(
  `^(@/(${LAYERS})(/.*)?|(\\.\\./)+(${LAYERS})(/.*)?|${MODULES.join("|")})$`,
);

export const LIB_FORBIDDEN_IMPORT_MESSAGE =
  "lib/ is the pure core: no db/, server/, app/, components/, next, server-only, drivers or network modules (CONTRIBUTING.md, Layout).";
