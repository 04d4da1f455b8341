import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { LIB_FORBIDDEN_IMPORT, LIB_FORBIDDEN_IMPORT_MESSAGE } from "./scripts/lib-forbidden-imports.mjs";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "bench/bare/.next/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      ".test-output/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Only server/env.ts reads process.env (t3 convention); scripts and tests configure children.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through server/env.ts" },
      ],
    },
  },
  {
    files: ["server/env.ts", "scripts/**", "tests/**", "*.config.*", "playwright.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // The pure core stays pure: checked on every lint, type-only imports included.
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: LIB_FORBIDDEN_IMPORT.source, message: LIB_FORBIDDEN_IMPORT_MESSAGE }] },
      ],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
