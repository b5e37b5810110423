import { defineConfig } from "vitest/config";

// Runs the sandbox's tests alone, without the root config's database global setup.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
