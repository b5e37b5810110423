import { and, desc, eq, isNull, lt, or, gt } from "drizzle-orm";
import { compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { getDb, type Queryable } from "@/db/client";
import { cardEncryptionKeys } from "@/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { open, seal } from "./secret-box";

// The key pairs the payer's browser encrypts card data to. The page embeds the current
// public key; only the pay function decrypts, with the private key unsealed for that call.
export const CARD_KEY_ALG = "RSA-OAEP-256";
export const CARD_CONTENT_ENC = "A256GCM";

export interface PublicCardKey {
  kid: string;
  jwk: JWK;
}

export class CardKeyError extends Error {
  constructor(readonly reason: "unknown_key" | "undecryptable") {
    super(reason === "unknown_key" ? "The card was encrypted to a key that is no longer valid." : "The card data could not be decrypted.");
    this.name = "CardKeyError";
  }
}

const HOUR = 3600_000;

async function createKey(db: Queryable, now: Date): Promise<PublicCardKey> {
  const { publicKey, privateKey } = await generateKeyPair(CARD_KEY_ALG, { modulusLength: 2048, extractable: true });
  const kid = newId("cardKey");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: CARD_KEY_ALG, use: "enc" };
  const privateJwk = await exportJWK(privateKey);
  await db.transaction(async (tx) => {
    // Older keys keep decrypting for the grace period; long-expired ones are dropped.
    await tx.delete(cardEncryptionKeys).where(lt(cardEncryptionKeys.expiresAt, now));
    await tx
      .update(cardEncryptionKeys)
      .set({ retiredAt: now, expiresAt: new Date(now.getTime() + env.CARD_KEY_GRACE_HOURS * HOUR) })
      .where(isNull(cardEncryptionKeys.retiredAt));
    await tx.insert(cardEncryptionKeys).values({ kid, publicJwk: jwk, privateKeySealed: await seal(privateJwk), createdAt: now });
  });
  return { kid, jwk };
}

/**
 * The key new pages should encrypt to, rotated when older than CARD_KEY_ROTATE_HOURS.
 * Two instances rotating at once each make a key; both stay valid, the newest wins.
 */
export async function currentCardKey(options: { db?: Queryable; now?: Date } = {}): Promise<PublicCardKey> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ kid: cardEncryptionKeys.kid, jwk: cardEncryptionKeys.publicJwk, createdAt: cardEncryptionKeys.createdAt })
    .from(cardEncryptionKeys)
    .where(isNull(cardEncryptionKeys.retiredAt))
    .orderBy(desc(cardEncryptionKeys.createdAt))
    .limit(1);
  if (row && now.getTime() - row.createdAt.getTime() < env.CARD_KEY_ROTATE_HOURS * HOUR) return { kid: row.kid, jwk: row.jwk };
  return createKey(db, now);
}

/** Replace the current key now (e.g. after a suspected exposure), keeping the grace period. */
export async function rotateCardKey(options: { db?: Queryable; now?: Date } = {}): Promise<PublicCardKey> {
  return createKey(options.db ?? (await getDb()), options.now ?? new Date());
}

const privateKeys = new Map<string, CryptoKey>();

async function privateKeyFor(db: Queryable, kid: string, now: Date): Promise<CryptoKey> {
  const [row] = await db
    .select({ sealed: cardEncryptionKeys.privateKeySealed })
    .from(cardEncryptionKeys)
    .where(and(eq(cardEncryptionKeys.kid, kid), or(isNull(cardEncryptionKeys.expiresAt), gt(cardEncryptionKeys.expiresAt, now))))
    .limit(1);
  if (!row) {
    privateKeys.delete(kid);
    throw new CardKeyError("unknown_key");
  }
  const cached = privateKeys.get(kid);
  if (cached) return cached;
  const key = await importJWK(await open<JWK>(row.sealed), CARD_KEY_ALG);
  if (!(key instanceof CryptoKey)) throw new CardKeyError("undecryptable");
  if (privateKeys.size > 16) privateKeys.clear();
  privateKeys.set(kid, key);
  return key;
}

/** The kid of a browser JWE, checked for our algorithms; nothing is decrypted. */
function kidOfJwe(jwe: string): string {
  try {
    const header = decodeProtectedHeader(jwe);
    if (header.alg !== CARD_KEY_ALG || header.enc !== CARD_CONTENT_ENC || !header.kid) throw new CardKeyError("undecryptable");
    return header.kid;
  } catch {
    throw new CardKeyError("undecryptable");
  }
}

/**
 * Whether a browser JWE was made to a key that still decrypts, without decrypting it: for
 * card data held encrypted until the call that needs it (a wallet's security code).
 */
export async function assertCardJweUsable(jwe: string, options: { db?: Queryable; now?: Date } = {}): Promise<void> {
  const db = options.db ?? (await getDb());
  const kid = kidOfJwe(jwe);
  const [row] = await db
    .select({ kid: cardEncryptionKeys.kid })
    .from(cardEncryptionKeys)
    .where(and(eq(cardEncryptionKeys.kid, kid), or(isNull(cardEncryptionKeys.expiresAt), gt(cardEncryptionKeys.expiresAt, options.now ?? new Date()))))
    .limit(1);
  if (!row) throw new CardKeyError("unknown_key");
}

/**
 * Decrypt a compact JWE made by the payer's browser. The validity of the key is checked
 * in the database on every call, so a key past its grace period stops working everywhere.
 */
export async function decryptCardJwe(jwe: string, options: { db?: Queryable; now?: Date } = {}): Promise<unknown> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jwe);
    if (header.alg !== CARD_KEY_ALG || header.enc !== CARD_CONTENT_ENC) throw new CardKeyError("undecryptable");
    kid = header.kid;
  } catch {
    throw new CardKeyError("undecryptable");
  }
  if (!kid) throw new CardKeyError("unknown_key");
  const key = await privateKeyFor(db, kid, now);
  try {
    const { plaintext } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: [CARD_KEY_ALG], contentEncryptionAlgorithms: [CARD_CONTENT_ENC] });
    return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
  } catch {
    // The reason (tag mismatch, bad JSON) is of no use to anyone and must not echo input.
    throw new CardKeyError("undecryptable");
  }
}
