/**
 * At most `concurrency` tasks at a time, at most `maxQueued` waiting; a task beyond that is not run
 * (the caller has another way to get it done: for drafts, the recovery sweep). Pure: no I/O.
 */
export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  readonly active: number;
  readonly queued: number;
}

export function createConcurrencyLimit({ concurrency, maxQueued }: { concurrency: number; maxQueued: number }): ConcurrencyLimit {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active -= 1;
    const next = waiting.shift();
    if (next) {
      active += 1;
      next();
    }
  };
  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    async run(task) {
      if (active >= concurrency) {
        if (waiting.length >= maxQueued) return { ran: false };
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        active += 1;
      }
      try {
        return { ran: true, value: await task() };
      } finally {
        release();
      }
    },
  };
}
