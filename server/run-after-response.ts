/**
 * Run work after the response without ever delaying or failing it (TA-3 step 5: orchestration starts only
 * after commit and never changes the webhook's answer).
 *
 * Inside a Next.js request scope the task goes to Next's `after()` (next/server), which keeps the server
 * alive for it. Outside one (tests calling a route handler directly, scripts), `after()` throws
 * "called outside a request scope"; the task then runs as a detached promise. Either way a failing task
 * is caught and logged, never rethrown. Touches the outside (Next's request context), hence not in a
 * domain folder.
 */
import { after } from "next/server";
import { logger } from "./logger";

const pending = new Set<Promise<void>>();

function guard(name: string, task: () => Promise<void> | void): () => Promise<void> {
  return async () => {
    try {
      await task();
    } catch (error) {
      logger.error({ err: error, task: name }, "background task failed after the response");
    }
  };
}

/** Schedule `task` after the response. Returns at once; never throws. */
export function runAfterResponse(name: string, task: () => Promise<void> | void): void {
  const guarded = guard(name, task);
  try {
    after(guarded);
    return;
  } catch {
    // Not inside a Next.js request scope: run detached (next tick, so the caller answers first).
  }
  const promise: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(guarded)
    .finally(() => pending.delete(promise));
  pending.add(promise);
}

/** Wait for detached tasks started outside a request scope (tests, graceful shutdown of scripts). */
export async function settleDetachedTasks(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
