import { createHash, createPublicKey } from "node:crypto";
import { compactDecrypt, CompactEncrypt, decodeProtectedHeader, importSPKI } from "jose";

// The document's JWE: RSA-OAEP-256 wrapping an A256GCM content key, header typ JOSE, iat
// (unix seconds, so Fenige can refuse a stale payload) and kid (so it can tell us its key
// changed). Everything cryptographic is jose's and node's; this only fixes the choices.
export const JWE_CONTENT_TYPE = "application/x-jwe-encryption-body+json";
export const KEY_ALG = "RSA-OAEP-256";
export const CONTENT_ENC = "A256GCM";

/**
 * `kid` is "SHA-1 value of the public key". Read as the lower-case hex SHA-1 of the key's
 * DER SubjectPublicKeyInfo, the bytes the PEM armours (the provider sandbox reads it so too).
 */
export function kidOf(publicPem: string): string {
  return createHash("sha1").update(createPublicKey(publicPem).export({ type: "spki", format: "der" })).digest("hex");
}

export interface ProviderPublicKey {
  key: CryptoKey;
  kid: string;
  pem: string;
}

/** GET /public-key answers Base64 of the PEM. */
export async function importProviderKey(base64Pem: string): Promise<ProviderPublicKey> {
  const pem = Buffer.from(base64Pem, "base64").toString("utf8");
  if (!pem.includes("-----BEGIN PUBLIC KEY-----")) throw new Error("not a PEM public key");
  return { key: await importSPKI(pem, KEY_ALG), kid: kidOf(pem), pem };
}

/** A request body as the document wants it inside `{ "value": … }`. */
export async function encryptPayload(payload: unknown, to: Pick<ProviderPublicKey, "key" | "kid">, now = new Date()): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: KEY_ALG, enc: CONTENT_ENC, typ: "JOSE", iat: Math.floor(now.getTime() / 1000), kid: to.kid })
    .encrypt(to.key);
}

/** An encrypted answer, opened with our private key. Throws on anything but a JWE to that key. */
export async function decryptPayload(jwe: string, privateKey: CryptoKey): Promise<unknown> {
  const header = decodeProtectedHeader(jwe);
  if (header.alg !== KEY_ALG) throw new Error(`unexpected alg ${String(header.alg)}`);
  const { plaintext } = await compactDecrypt(jwe, privateKey, { keyManagementAlgorithms: [KEY_ALG], contentEncryptionAlgorithms: [CONTENT_ENC, "A128GCM", "A192GCM"] });
  return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
}

/** The `X-Encryption-Public-Key` header: Base64 of our PEM. */
export function publicKeyHeader(publicPem: string): string {
  return Buffer.from(publicPem, "utf8").toString("base64");
}
