import { afterEach, describe, expect, it, vi } from "vitest";

// Which mode the server is in decides whether webhooks may go to private addresses.
async function modeWith(vars: { NODE_ENV?: string; ALLOW_PRIVATE_NETWORK_TARGETS?: string }) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  const { refusesPrivateTargets } = await import("@/lib/env");
  return refusesPrivateTargets();
}

describe("refusesPrivateTargets", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("refuses in production unless private targets are explicitly allowed", async () => {
    expect(await modeWith({ NODE_ENV: "production", ALLOW_PRIVATE_NETWORK_TARGETS: undefined })).toBe(true);
    expect(await modeWith({ NODE_ENV: "production", ALLOW_PRIVATE_NETWORK_TARGETS: "false" })).toBe(true);
    expect(await modeWith({ NODE_ENV: "production", ALLOW_PRIVATE_NETWORK_TARGETS: "true" })).toBe(false);
  });

  it("allows in development unless told to refuse", async () => {
    expect(await modeWith({ NODE_ENV: "development", ALLOW_PRIVATE_NETWORK_TARGETS: undefined })).toBe(false);
    expect(await modeWith({ NODE_ENV: "development", ALLOW_PRIVATE_NETWORK_TARGETS: "false" })).toBe(true);
  });
});
