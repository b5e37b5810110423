import { defineConfig, devices } from "@playwright/test";

// E2E runs the real start command against a throw-away database, so what is tested is
// exactly what `npm start` serves. Ports differ from the defaults so a running dev
// instance on this machine is never touched.
const appPort = Number(process.env.E2E_APP_PORT ?? 3100);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
const appUrl = `http://localhost:${appPort}`;
const sandboxUrl = `http://localhost:${sandboxPort}`;

export const e2eEnv = {
  appUrl,
  sandboxUrl,
  demoApiKey: "sk_test_e2e_demo_key_0123456789abcdef",
  adminEmail: "owner@demo.test",
  adminPassword: "e2e-owner-password",
  viewerEmail: "viewer@demo.test",
  viewerPassword: "e2e-viewer-password",
  otherAdminEmail: "owner@second.test",
  otherAdminPassword: "e2e-second-owner-password",
};

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node_modules/.bin/tsx scripts/start.ts --e2e",
    url: `${appUrl}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PORT: String(appPort),
      SANDBOX_PORT: String(sandboxPort),
      APP_URL: appUrl,
      SANDBOX_URL: sandboxUrl,
      DEMO_API_KEY: e2eEnv.demoApiKey,
      DEMO_ADMIN_EMAIL: e2eEnv.adminEmail,
      DEMO_ADMIN_PASSWORD: e2eEnv.adminPassword,
      DEMO_VIEWER_EMAIL: e2eEnv.viewerEmail,
      DEMO_VIEWER_PASSWORD: e2eEnv.viewerPassword,
      DEMO_OTHER_ADMIN_EMAIL: e2eEnv.otherAdminEmail,
      DEMO_OTHER_ADMIN_PASSWORD: e2eEnv.otherAdminPassword,
      // Every spec pays from this machine's one address; the per-address limit is unit-tested.
      PAY_RATE_LIMIT_PER_IP: "1000",
    },
  },
});
