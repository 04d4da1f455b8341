import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const alias = {
  "@": root,
  // `server-only` throws outside React Server Components; tests import query modules directly.
  "server-only": path.join(root, "tests/helpers/server-only-stub.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL ?? "fatal" },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          environment: "node",
          // Drafting at once (DRAFT_DEBOUNCE_MS=0): the suites drain the queue right after ingesting, and
          // drainJobs runs due jobs only. The debounce has its own tests (draft-debounce, the burst in
          // orchestration-webhook-latency), and the e2e server runs with the product's default.
          env: { NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL ?? "fatal", DRAFT_DEBOUNCE_MS: "0" },
          globalSetup: ["tests/db/global-setup.ts"],
          setupFiles: ["tests/db/setup-file.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
