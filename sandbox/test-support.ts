import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSandbox, type RunningSandbox } from "./server";

/** The "late" 3DS method wallet's delay in tests: long enough to measure, short enough to wait for. */
export const LATE_METHOD_MS = 400;

/** A sandbox on a free port with fast retries, for in-process tests. */
export function startTestSandbox(): Promise<RunningSandbox> {
  return startSandbox({
    port: 0,
    callbackBaseMs: 20,
    callbackMaxDelayMs: 80,
    callbackMaxAttempts: 4,
    callbackTimeoutMs: 2_000,
    settleMs: 30,
    fenigeMethodLateMs: LATE_METHOD_MS,
  });
}

export type Received = { path: string; body: unknown; at: number };
export type Responder = (received: Received, count: number) => { status: number; body?: unknown };

/**
 * A merchant endpoint on loopback: records every POST and answers whatever the test's
 * responder says (default: 200 with ON/RAMP's `continue`).
 */
export class Consumer {
  readonly received: Received[] = [];
  responder: Responder = () => ({ status: 200, body: { action: { continue: {} } } });
  private server?: Server;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          // keep text
        }
        const received = { path: req.url ?? "/", body, at: Date.now() };
        this.received.push(received);
        const answer = this.responder(received, this.received.length);
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  forPath(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Name of the single status in an ON/RAMP callback body. */
export function statusName(body: unknown): string {
  const status = (body as { status?: Record<string, unknown> }).status ?? {};
  return Object.keys(status)[0] ?? "";
}

/** A copy of `obj` without `keys`, for requests that leave a field out. */
export function without<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}
