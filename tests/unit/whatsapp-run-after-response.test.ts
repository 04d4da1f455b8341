import { describe, expect, it } from "vitest";
import { runAfterResponse, settleDetachedTasks } from "@/server/run-after-response";

describe("runAfterResponse outside a Next.js request scope", () => {
  it("returns before the task runs, then runs it detached", async () => {
    const events: string[] = [];
    runAfterResponse("test", async () => {
      events.push("task");
    });
    events.push("returned");
    expect(events).toEqual(["returned"]);
    await settleDetachedTasks();
    expect(events).toEqual(["returned", "task"]);
  });

  it("never throws, even when the task throws synchronously or rejects", async () => {
    expect(() =>
      runAfterResponse("sync-throw", () => {
        throw new Error("boom");
      }),
    ).not.toThrow();
    expect(() => runAfterResponse("reject", () => Promise.reject(new Error("boom")))).not.toThrow();
    await expect(settleDetachedTasks()).resolves.toBeUndefined();
  });
});
