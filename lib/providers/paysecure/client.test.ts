import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "@/lib/providers/types";
import { PaysecureRefusal, paysecureCall, type RetryPolicy } from "./client";

// The client against a scripted server: what each failure means (never reached, unknown,
// refused, unreadable) and which calls are sent again.

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let server: Server;
let baseUrl = "";
let handler: Handler = (_req, res) => res.end();
const seen: Array<{ method: string; url: string; auth: string | undefined; type: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, type: req.headers["content-type"], body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paysecure`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  seen.length = 0;
});

const account = () => ({ baseUrl, credentials: { apiKey: "test_key_123" } });
const Ok = z.looseObject({ id: z.string() });
const call = (retry: RetryPolicy, extra: { timeoutMs?: number; method?: "GET" | "POST" } = {}) =>
  paysecureCall(account(), {
    method: extra.method ?? "POST",
    path: "/purchases/",
    body: extra.method === "GET" ? undefined : { a: 1 },
    retry,
    schema: Ok,
    timeoutMs: extra.timeoutMs ?? 2_000,
  });

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw e;
  }
  throw new Error("expected a ProviderError");
}

const reply = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body));
};

describe("Paysecure client", () => {
  it("sends the Bearer key and JSON, and reads the answer with the given schema", async () => {
    handler = reply(201, { id: "p_1", status: "created" });
    await expect(call("connect_only")).resolves.toMatchObject({ id: "p_1" });
    expect(seen[0]).toMatchObject({ method: "POST", url: "/paysecure/purchases/", auth: "Bearer test_key_123", type: "application/json", body: '{"a":1}' });
  });

  it("answers a documented error body as a refusal, never retried, with the body kept", async () => {
    handler = reply(400, { message: "Card is Blocked", code: "card_blocked" });
    const e = await failure(call("idempotent"));
    expect(e).toBeInstanceOf(PaysecureRefusal);
    expect(e.kind).toBe("rejected");
    expect((e as PaysecureRefusal).refusal).toEqual({ status: 400, body: { message: "Card is Blocked", code: "card_blocked" } });
    expect(seen).toHaveLength(1);
    handler = reply(401, "<html>nope</html>");
    expect(((await failure(call("never"))) as PaysecureRefusal).refusal).toEqual({ status: 401, body: null });
  });

  it("treats a 5xx as an unknown outcome: repeated for idempotent calls only", async () => {
    handler = reply(503, { message: "down", code: "x" });
    expect((await failure(call("connect_only"))).kind).toBe("outcome_unknown");
    expect(seen).toHaveLength(1);
    seen.length = 0;
    expect((await failure(call("never"))).kind).toBe("outcome_unknown");
    expect(seen).toHaveLength(1);
    seen.length = 0;
    expect((await failure(call("idempotent", { method: "GET" }))).kind).toBe("outcome_unknown");
    expect(seen).toHaveLength(3);
  });

  it("recovers an idempotent read from one 5xx", async () => {
    let n = 0;
    handler = (req, res) => (n++ === 0 ? reply(502, {})(req, res) : reply(200, { id: "p_2" })(req, res));
    await expect(call("idempotent", { method: "GET" })).resolves.toMatchObject({ id: "p_2" });
    expect(seen).toHaveLength(2);
  });

  it("treats a timeout and a connection reset after sending as unknown, never as unavailable, and does not resend", async () => {
    handler = () => undefined; // never answers
    const timedOut = await failure(call("connect_only", { timeoutMs: 300 }));
    expect(timedOut.kind).toBe("outcome_unknown");
    expect(timedOut.retryable).toBe(true);
    expect(seen).toHaveLength(1);
    seen.length = 0;
    handler = (req) => req.socket.destroy();
    expect((await failure(call("never"))).kind).toBe("outcome_unknown");
    expect(seen).toHaveLength(1);
  });

  it("calls a provider that cannot be reached unavailable, retrying the connect where the policy allows", async () => {
    const down = { baseUrl: "http://127.0.0.1:1/paysecure", credentials: { apiKey: "k_12345678" } };
    const e = await failure(paysecureCall(down, { method: "POST", path: "/purchases/", body: {}, retry: "connect_only", schema: Ok, attempts: 2 }));
    expect(e.kind).toBe("unavailable");
    const never = await failure(paysecureCall(down, { method: "POST", path: "/p/x/?s2s=true", body: {}, retry: "never", schema: Ok }));
    expect(never.kind).toBe("unavailable");
  });

  it("calls an answer it cannot read invalid, naming paths only", async () => {
    handler = reply(202, { status: "pending", card_number: "4000000000001000" });
    const e = await failure(call("never"));
    expect(e.kind).toBe("invalid_response");
    expect(e.message).not.toContain("4000000000001000");
    handler = reply(200, "not json");
    expect((await failure(call("never"))).kind).toBe("invalid_response");
  });

  it("refuses to call without an API key", async () => {
    const e = await failure(paysecureCall({ baseUrl, credentials: {} }, { method: "GET", path: "/purchases/x/", retry: "idempotent", schema: Ok }));
    expect(e.kind).toBe("rejected");
    expect(seen).toHaveLength(0);
  });
});
