/** Next.js calls register() once per server instance at start. */
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker, read before loading Node-only modules
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installConsoleGuard } = await import("./lib/logger");
    installConsoleGuard();
    const { startBackgroundJobs } = await import("./db/background-jobs");
    startBackgroundJobs();
  }
}
