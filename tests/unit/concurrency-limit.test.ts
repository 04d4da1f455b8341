import { describe, expect, it } from "vitest";
import { createConcurrencyLimit } from "@/lib/concurrency-limit";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("createConcurrencyLimit", () => {
  it("never runs more than `concurrency` tasks at once, and runs every queued task", async () => {
    const limit = createConcurrencyLimit({ concurrency: 2, maxQueued: 100 });
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limit.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results.map((r) => (r.ran ? r.value : null))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("does not run a task beyond the queue (left to the caller's other path), and frees slots after errors", async () => {
    const limit = createConcurrencyLimit({ concurrency: 1, maxQueued: 1 });
    const first = limit.run(async () => {
      await tick();
      throw new Error("boom");
    });
    const second = limit.run(async () => "queued");
    const third = await limit.run(async () => "overflow");
    expect(third).toEqual({ ran: false });
    await expect(first).rejects.toThrow("boom");
    expect(await second).toEqual({ ran: true, value: "queued" });
    expect(limit.active).toBe(0);
    expect(await limit.run(async () => "again")).toEqual({ ran: true, value: "again" });
  });
});
