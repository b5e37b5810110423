import { desc, isNull, lt, and, isNotNull } from "drizzle-orm";
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8 } from "jose";
import { getDb, type Queryable } from "@/db/client";
import { providerResponseKeys } from "@/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { open, seal } from "./secret-box";

// Our own RSA key pair that a provider encrypts its answers to (JWE RSA-OAEP-256): the
// public half goes out with each request, the private half is sealed at rest and opened
// only in memory. Rotation: a key older than PROVIDER_KEY_ROTATE_HOURS is replaced; the
// answer to a request always comes back on that request, so the old private key is only
// needed for the requests in flight and is dropped an hour after retiring.
export const RESPONSE_KEY_ALG = "RSA-OAEP-256";
const HOUR = 3600_000;
/** How long this process trusts its copy of the current key before asking the database. */
const CACHE_MS = 5 * 60_000;

export interface ResponseKey {
  kid: string;
  publicPem: string;
  privateKey: CryptoKey;
}

let cached: { key: ResponseKey; createdAt: Date; checkedAt: number } | null = null;

async function createKey(db: Queryable, now: Date): Promise<ResponseKey & { createdAt: Date }> {
  const { publicKey, privateKey } = await generateKeyPair(RESPONSE_KEY_ALG, { modulusLength: 2048, extractable: true });
  const kid = newId("responseKey");
  const publicPem = await exportSPKI(publicKey);
  const sealed = await seal(await exportPKCS8(privateKey));
  await db.transaction(async (tx) => {
    await tx.delete(providerResponseKeys).where(and(isNotNull(providerResponseKeys.retiredAt), lt(providerResponseKeys.retiredAt, new Date(now.getTime() - HOUR))));
    await tx.update(providerResponseKeys).set({ retiredAt: now }).where(isNull(providerResponseKeys.retiredAt));
    await tx.insert(providerResponseKeys).values({ kid, publicPem, privateKeySealed: sealed, createdAt: now });
  });
  return { kid, publicPem, privateKey, createdAt: now };
}

/**
 * The key pair to ask answers encrypted to. Two instances rotating at once each make one;
 * both work, since each request carries the public key it wants its answer encrypted to.
 */
export async function currentResponseKey(options: { db?: Queryable; now?: Date } = {}): Promise<ResponseKey> {
  const now = options.now ?? new Date();
  const fresh = (createdAt: Date) => now.getTime() - createdAt.getTime() < env.PROVIDER_KEY_ROTATE_HOURS * HOUR;
  if (cached && !options.db && now.getTime() - cached.checkedAt < CACHE_MS && fresh(cached.createdAt)) return cached.key;
  const db = options.db ?? (await getDb());
  const [row] = await db.select().from(providerResponseKeys).where(isNull(providerResponseKeys.retiredAt)).orderBy(desc(providerResponseKeys.createdAt)).limit(1);
  let key: ResponseKey & { createdAt: Date };
  if (row && fresh(row.createdAt)) {
    const reuse = cached?.key.kid === row.kid ? cached.key : null;
    const privateKey = reuse?.privateKey ?? (await importPKCS8(await open<string>(row.privateKeySealed), RESPONSE_KEY_ALG));
    key = { kid: row.kid, publicPem: row.publicPem, privateKey, createdAt: row.createdAt };
  } else {
    key = await createKey(db, now);
  }
  cached = { key: { kid: key.kid, publicPem: key.publicPem, privateKey: key.privateKey }, createdAt: key.createdAt, checkedAt: now.getTime() };
  return cached.key;
}

/** Replace the key now (e.g. after a suspected exposure). */
export async function rotateResponseKey(options: { db?: Queryable; now?: Date } = {}): Promise<ResponseKey> {
  const key = await createKey(options.db ?? (await getDb()), options.now ?? new Date());
  cached = { key: { kid: key.kid, publicPem: key.publicPem, privateKey: key.privateKey }, createdAt: key.createdAt, checkedAt: Date.now() };
  return cached.key;
}
