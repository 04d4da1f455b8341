/** Next.js calls register() once per server instance at start. */
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker, read before loading Node-only modules
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // A missing or wrong variable (APP_URL in production, a secret…) stops the server at start, naming
    // it, instead of serving pages that fail one by one.
    try {
      await import("./server/env");
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
    const { installConsoleGuard } = await import("./server/logger");
    installConsoleGuard();
    const { startBackgroundJobs } = await import("./db/background-jobs");
    startBackgroundJobs();
  }
}
