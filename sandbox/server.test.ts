import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSandboxEnv } from "./env";

describe("sandbox env", () => {
  it("defaults the port to 4010 and validates it", () => {
    expect(readSandboxEnv({}).SANDBOX_PORT).toBe(4010);
    expect(readSandboxEnv({ SANDBOX_PORT: "4110" }).SANDBOX_PORT).toBe(4110);
    expect(() => readSandboxEnv({ SANDBOX_PORT: "http" })).toThrow(/SANDBOX_PORT/);
    expect(() => readSandboxEnv({ SANDBOX_CALLBACK_MAX_ATTEMPTS: "0" })).toThrow(/SANDBOX_CALLBACK_MAX_ATTEMPTS/);
  });
});

describe("npm run sandbox", () => {
  it("starts on SANDBOX_PORT, answers /health and exits 0 on SIGTERM", async () => {
    const root = path.resolve(import.meta.dirname, "..");
    // Through the shell so the variable is set the way a user would, on top of the inherited environment.
    const child = spawn("sh", ["-c", "SANDBOX_PORT=0 exec node_modules/.bin/tsx sandbox/server.ts"], { cwd: root });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  }, 20_000);
});
