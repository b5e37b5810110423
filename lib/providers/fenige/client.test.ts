import { createHash, createPublicKey } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { compactDecrypt, CompactEncrypt, decodeProtectedHeader, exportSPKI, generateKeyPair } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { currentResponseKey, rotateResponseKey } from "@/lib/crypto/response-keys";
import { ProviderError } from "@/lib/providers/types";
import { FENIGE_SANDBOX_CREDENTIALS } from "@/lib/setup/seed-demo";
import { testDb } from "@/test/db";
import { fenigeCall, forgetProviderKeys } from "./client";
import { decryptPayload, encryptPayload, importProviderKey, kidOf } from "./jwe";

// The JWE client against a stand-in Fenige that checks kid and iat the way the document
// says it may, encrypts its answers to X-Encryption-Public-Key, and can change its key.

type FakeKey = { privateKey: CryptoKey; publicPem: string };
async function fakeKey(): Promise<FakeKey> {
  const { privateKey, publicKey } = await generateKeyPair("RSA-OAEP-256", { extractable: true });
  return { privateKey, publicPem: await exportSPKI(publicKey) };
}

class FakeFenige {
  key!: FakeKey;
  keyFetches = 0;
  requests: Array<{ path: string; header: Record<string, unknown>; body: unknown; auth: string | undefined; product: string | undefined }> = [];
  /** Answer every request with this status and errorStatus, once each, before answering normally. */
  failures: Array<{ status: number; errorStatus: string; message?: string }> = [];
  private server?: Server;
  url = "";

  async start() {
    this.key = await fakeKey();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this;
  }

  private async handle(req: IncomingMessage, res: import("node:http").ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown, type = "application/json") => res.writeHead(status, { "content-type": type }).end(JSON.stringify(body));
    if (req.url === "/mobile-api/public-key") {
      this.keyFetches += 1;
      return send(200, { value: Buffer.from(this.key.publicPem).toString("base64") });
    }
    const { value } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { value: string };
    const header = decodeProtectedHeader(value) as Record<string, unknown>;
    this.requests.push({ path: req.url ?? "", header, body: null, auth: req.headers.authorization, product: req.headers["product-name"] as string | undefined });
    const failure = this.failures.shift();
    if (failure) return send(failure.status, { traceId: "t", errorStatus: failure.errorStatus, message: failure.message });
    if (header.kid !== kidOf(this.key.publicPem)) return send(400, { traceId: "t", errorStatus: "CRYPTOGRAPHY_ERROR", message: "JWE encryption Key is invalid" });
    const { plaintext } = await compactDecrypt(value, this.key.privateKey);
    const body = JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
    const last = this.requests.at(-1);
    if (last) last.body = body;
    const answerKey = createPublicKey(Buffer.from(String(req.headers["x-encryption-public-key"]), "base64").toString("utf8"));
    const answer = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ echoed: body })))
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", typ: "JOSE", iat: Math.floor(Date.now() / 1000), kid: kidOf(answerKey.export({ type: "spki", format: "pem" }).toString()) })
      .encrypt(answerKey);
    return send(200, { value: answer }, "application/x-jwe-encryption-body+json");
  }

  async rotate() {
    this.key = await fakeKey();
  }

  async close() {
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }
}

let fake: FakeFenige;
const Echo = z.object({ echoed: z.unknown() });
const account = () => ({ baseUrl: fake.url, credentials: FENIGE_SANDBOX_CREDENTIALS });

beforeAll(async () => {
  await testDb();
  fake = await new FakeFenige().start();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.failures = [];
  fake.requests = [];
});

describe("Fenige JWE", () => {
  it("kid is the SHA-1 of the key's DER SubjectPublicKeyInfo", async () => {
    const { publicPem } = await fakeKey();
    const der = Buffer.from(publicPem.replace(/-----[^-]+-----/g, "").replace(/\s/g, ""), "base64");
    expect(kidOf(publicPem)).toBe(createHash("sha1").update(der).digest("hex"));
    expect(kidOf(publicPem)).toMatch(/^[0-9a-f]{40}$/);
  });

  it("round trip: what we encrypt to a key opens with its private half, and the header says RSA-OAEP-256, A256GCM, JOSE, iat, kid", async () => {
    const k = await fakeKey();
    const imported = await importProviderKey(Buffer.from(k.publicPem).toString("base64"));
    const before = Math.floor(Date.now() / 1000);
    const jwe = await encryptPayload({ phoneNumbers: ["48500000001"] }, imported);
    const header = decodeProtectedHeader(jwe);
    expect(header).toMatchObject({ alg: "RSA-OAEP-256", enc: "A256GCM", typ: "JOSE", kid: kidOf(k.publicPem) });
    expect(Number(header.iat)).toBeGreaterThanOrEqual(before);
    expect(Number(header.iat)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(await decryptPayload(jwe, k.privateKey)).toEqual({ phoneNumbers: ["48500000001"] });
    // And the other way: another key cannot open it.
    await expect(decryptPayload(jwe, (await fakeKey()).privateKey)).rejects.toThrow();
  });
});

describe("Fenige client", () => {
  it("encrypts the request to Fenige's key, asks the answer encrypted to ours and opens it; sends the account's token and product", async () => {
    const answer = await fenigeCall(account(), { method: "POST", path: "/echo", body: { cvc2: ["1", "2", "3"] }, schema: Echo, idempotent: false });
    expect(answer).toEqual({ echoed: { cvc2: ["1", "2", "3"] } });
    const seen = fake.requests[0];
    expect(seen).toMatchObject({ auth: `Mobile ${FENIGE_SANDBOX_CREDENTIALS.mobileToken}`, product: "TestProduct", header: { kid: kidOf(fake.key.publicPem), typ: "JOSE" } });
  });

  it("fetches Fenige's key once and caches it", async () => {
    forgetProviderKeys();
    const before = fake.keyFetches;
    await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 1 }, schema: Echo, idempotent: false });
    await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 2 }, schema: Echo, idempotent: false });
    expect(fake.keyFetches - before).toBe(1);
  });

  it("when Fenige's key changed, fetches it again once and sends the request once more", async () => {
    await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 0 }, schema: Echo, idempotent: false });
    await fake.rotate();
    fake.requests = [];
    const before = fake.keyFetches;
    const answer = await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 3 }, schema: Echo, idempotent: false });
    expect(answer).toEqual({ echoed: { n: 3 } });
    expect(fake.keyFetches - before).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.header.kid).toBe(kidOf(fake.key.publicPem));
  });

  it("an expired payload also refreshes the key once; a second refusal is not retried again", async () => {
    fake.failures = [{ status: 400, errorStatus: "CRYPTOGRAPHY_ERROR", message: "JWE payload is expired" }];
    expect(await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 4 }, schema: Echo, idempotent: false })).toEqual({ echoed: { n: 4 } });
    fake.requests = [];
    fake.failures = [
      { status: 400, errorStatus: "CRYPTOGRAPHY_ERROR", message: "JWE encryption Key is invalid" },
      { status: 400, errorStatus: "CRYPTOGRAPHY_ERROR", message: "JWE encryption Key is invalid" },
    ];
    const e = await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 5 }, schema: Echo, idempotent: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ kind: "rejected", details: { providerCode: "CRYPTOGRAPHY_ERROR" } });
    expect(fake.requests).toHaveLength(2);
  });

  it("a 4xx is rejected with the errorStatus; a 5xx after sending is an unknown outcome; no connection is unavailable", async () => {
    fake.failures = [{ status: 400, errorStatus: "ERROR_SENDER_CARD_IS_BLOCKED" }];
    await expect(fenigeCall(account(), { method: "POST", path: "/echo", body: {}, schema: Echo, idempotent: false })).rejects.toMatchObject({ kind: "rejected", details: { providerCode: "ERROR_SENDER_CARD_IS_BLOCKED", status: 400 } });
    fake.failures = [{ status: 500, errorStatus: "FENIGE_ERROR" }];
    await expect(fenigeCall(account(), { method: "POST", path: "/echo", body: {}, schema: Echo, idempotent: false })).rejects.toMatchObject({ kind: "outcome_unknown", details: { providerCode: "FENIGE_ERROR" } });
    // An idempotent call is retried past a 5xx.
    fake.failures = [{ status: 500, errorStatus: "INTERNAL_SERVER_ERROR" }];
    expect(await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 6 }, schema: Echo, idempotent: true })).toEqual({ echoed: { n: 6 } });
    await expect(fenigeCall({ baseUrl: "http://127.0.0.1:1", credentials: FENIGE_SANDBOX_CREDENTIALS }, { method: "GET", path: "/send-money/x", schema: Echo, idempotent: true })).rejects.toMatchObject({
      kind: "unavailable",
    });
  });

  it("our response key is sealed at rest and rotates; answers encrypted to the new key open", async () => {
    const first = await currentResponseKey();
    const rotated = await rotateResponseKey();
    expect(rotated.kid).not.toBe(first.kid);
    expect((await currentResponseKey()).kid).toBe(rotated.kid);
    expect(await fenigeCall(account(), { method: "POST", path: "/echo", body: { n: 7 }, schema: Echo, idempotent: false })).toEqual({ echoed: { n: 7 } });
  });
});
