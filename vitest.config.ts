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
          env: { NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL ?? "fatal" },
          globalSetup: ["tests/db/global-setup.ts"],
          setupFiles: ["tests/db/setup-file.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
