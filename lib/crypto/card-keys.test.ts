import { describe, expect, it } from "vitest";
import { CompactEncrypt, importJWK } from "jose";
import { eq } from "drizzle-orm";
import { testDb } from "@/test/db";
import { cardEncryptionKeys } from "@/db/schema";
import { CardKeyError, currentCardKey, decryptCardJwe, rotateCardKey, type PublicCardKey } from "./card-keys";

async function encryptTo(key: PublicCardKey, value: unknown): Promise<string> {
  const pub = await importJWK(key.jwk, "RSA-OAEP-256");
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
    .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: key.kid })
    .encrypt(pub);
}

const HOUR = 3600_000;

describe("card encryption keys", () => {
  it("keeps one current key until it is older than the rotation age", async () => {
    const db = await testDb();
    const t0 = new Date(Date.now() + 1000 * HOUR);
    const a = await rotateCardKey({ db, now: t0 });
    expect(a.jwk.kty).toBe("RSA");
    expect(a.jwk.d).toBeUndefined();
    expect((await currentCardKey({ db, now: new Date(t0.getTime() + HOUR) })).kid).toBe(a.kid);
    const b = await currentCardKey({ db, now: new Date(t0.getTime() + 25 * HOUR) });
    expect(b.kid).not.toBe(a.kid);
  });

  it("decrypts a browser JWE and stores the private key sealed, never in clear", async () => {
    const db = await testDb();
    const key = await rotateCardKey({ db });
    const jwe = await encryptTo(key, { number: "4111111111111111", cvc: "001" });
    expect(await decryptCardJwe(jwe, { db })).toEqual({ number: "4111111111111111", cvc: "001" });
    const [row] = await db.select().from(cardEncryptionKeys).where(eq(cardEncryptionKeys.kid, key.kid));
    expect(row?.privateKeySealed.split(".")).toHaveLength(5);
    expect(JSON.stringify(row)).not.toContain('"d":');
  });

  it("keeps a retired key for the grace period, then refuses it", async () => {
    const db = await testDb();
    const now = new Date();
    const old = await rotateCardKey({ db, now });
    const jwe = await encryptTo(old, { n: 1 });
    await rotateCardKey({ db, now: new Date(now.getTime() + 1000) });
    expect(await decryptCardJwe(jwe, { db, now: new Date(now.getTime() + 23 * HOUR) })).toEqual({ n: 1 });
    await expect(decryptCardJwe(jwe, { db, now: new Date(now.getTime() + 25 * HOUR) })).rejects.toMatchObject({ reason: "unknown_key" });
  });

  it("refuses tampered ciphertext, other algorithms and unknown kids without echoing input", async () => {
    const db = await testDb();
    const key = await currentCardKey({ db });
    const jwe = await encryptTo(key, { number: "4111111111111111" });
    const parts = jwe.split(".");
    parts[3] = parts[3]?.startsWith("A") ? `B${parts[3].slice(1)}` : `A${parts[3]?.slice(1)}`;
    const error = await decryptCardJwe(parts.join("."), { db }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardKeyError);
    expect(String((error as Error).message)).not.toContain("4111");
    await expect(decryptCardJwe("not-a-jwe", { db })).rejects.toMatchObject({ reason: "undecryptable" });
    const unknown = await encryptTo({ ...key, kid: "ck_00000000000000000000000000000000" }, {});
    await expect(decryptCardJwe(unknown, { db })).rejects.toMatchObject({ reason: "unknown_key" });
  });
});
