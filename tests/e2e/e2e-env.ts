/** The environment of the end-to-end server, shared by serve.ts and the tests (same run id). */
export const E2E_SECRETS = {
  WHATSAPP_APP_SECRET: "e2e-app-secret",
  WHATSAPP_VERIFY_TOKEN: "e2e-verify-token",
  BETTER_AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789abcdef",
  WHATSAPP_ACCESS_TOKEN: "e2e-access-token",
  // A fixed test-only VAPID pair (web-push generateVAPIDKeys): the tests' fake push service checks its signatures.
  VAPID_PUBLIC_KEY: "BDTUOhI-u9uFBtiatg1gN1pGYJF-ILUtKPKxlGC_PE3wvROJWgzS8K7uWejcGKHnI9RtEgylIEYO9jVmYx-rp7g",
  VAPID_PRIVATE_KEY: "rumg0_MlfzLem4hDK38O3XXzlVl69DCzzobZT1p_mxQ",
  VAPID_SUBJECT: "mailto:e2e@instructor-inbox.invalid",
};
export const E2E_GRAPH_PORT = Number(process.env.E2E_GRAPH_PORT ?? 3199);

export function e2eRunId(): string {
  const id = process.env.E2E_RUN_ID;
  if (!id) throw new Error("E2E_RUN_ID is not set (playwright.config.ts sets it)");
  return id;
}

/** DATABASE_URL of this run's fresh database, or undefined on embedded PGlite. */
export function e2eDatabaseUrl(): string | undefined {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const url = new URL(base);
  url.pathname = `/inbox_e2e_${e2eRunId()}`;
  return url.toString();
}

export function e2ePgliteDir(): string {
  return `.test-output/e2e-pglite-${e2eRunId()}`;
}
