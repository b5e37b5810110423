import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "db/migrations/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    // The sandbox plays the providers: it never shares code with the checkout it serves.
    files: ["sandbox/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/*", "**/lib/*", "**/components/*", "**/app/*", "**/db/*"], message: "The sandbox shares no code with the checkout." }] }],
    },
  },
  {
    files: ["lib/env.ts", "sandbox/env.ts", "instrumentation.ts", "test/**", "scripts/**", "playwright.config.ts", "drizzle.config.ts", "next.config.ts", "vitest.config.ts", "bench/**", "e2e/**"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
