import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Runs only the sandbox page specs against the sandbox alone (no app), on the same port the
// root config gives the sandbox, so the spec works unchanged under both configs.
const port = 4110;

export default defineConfig({
  testDir: path.resolve(import.meta.dirname, "../e2e"),
  testMatch: "sandbox-*.spec.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node_modules/.bin/tsx sandbox/server.ts",
    cwd: path.resolve(import.meta.dirname, ".."),
    url: `http://localhost:${port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: { SANDBOX_PORT: String(port), SANDBOX_SETTLE_MS: "50" },
  },
});
