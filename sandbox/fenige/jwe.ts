import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { compactDecrypt, CompactEncrypt, decodeProtectedHeader, exportSPKI, generateKeyPair } from "jose";

export const JWE_CONTENT_TYPE = "application/x-jwe-encryption-body+json";

const KEY_ALGS = ["RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512"];
const ENC_ALGS = ["A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"];
/** The document validates `iat` without saying how strictly; five minutes old (or one ahead) is expired. */
export const IAT_MAX_AGE_S = 300;
const IAT_MAX_SKEW_S = 60;

/** The CRYPTOGRAPHY_ERROR descriptions, word for word from the document's error tables. */
export const CRYPTO_MESSAGES = {
  decodeKey: "Error decoding public key has sent in header: X-Encryption-Public-Key",
  decrypt: "Error on decrypting request",
  encrypt: "Error on encrypting response",
  kid: "JWE encryption Key is invalid",
  expired: "JWE payload is expired",
} as const;

export type CryptoFailure = { ok: false; message: (typeof CRYPTO_MESSAGES)[keyof typeof CRYPTO_MESSAGES] };

/**
 * `kid` is "SHA-1 value of the public key": the sandbox reads that as the lower-case hex
 * SHA-1 of the key's DER-encoded SubjectPublicKeyInfo (the bytes inside the PEM armour).
 */
export function kidOf(key: KeyObject): string {
  return createHash("sha1").update(key.export({ type: "spki", format: "der" })).digest("hex");
}

export class FenigeKeys {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicPem: string,
    readonly kid: string,
  ) {}

  static async generate(): Promise<FenigeKeys> {
    const { privateKey, publicKey } = await generateKeyPair("RSA-OAEP-256", { modulusLength: 2048, extractable: true });
    const pem = await exportSPKI(publicKey);
    return new FenigeKeys(privateKey, pem, kidOf(createPublicKey(pem)));
  }

  /** What GET /public-key answers: the PEM, Base64-encoded. */
  get publicKeyBase64(): string {
    return Buffer.from(this.publicPem, "utf8").toString("base64");
  }

  async decrypt(jwe: string): Promise<{ ok: true; payload: unknown } | CryptoFailure> {
    let protectedHeader;
    try {
      protectedHeader = decodeProtectedHeader(jwe);
    } catch {
      return { ok: false, message: CRYPTO_MESSAGES.decrypt };
    }
    if (typeof protectedHeader.kid === "string" && protectedHeader.kid.toLowerCase() !== this.kid) {
      return { ok: false, message: CRYPTO_MESSAGES.kid };
    }
    const iat = (protectedHeader as { iat?: unknown }).iat;
    if (iat !== undefined) {
      const now = Math.floor(Date.now() / 1000);
      if (typeof iat !== "number" || now - iat > IAT_MAX_AGE_S || iat - now > IAT_MAX_SKEW_S) {
        return { ok: false, message: CRYPTO_MESSAGES.expired };
      }
    }
    try {
      const { plaintext } = await compactDecrypt(jwe, this.privateKey, {
        keyManagementAlgorithms: KEY_ALGS,
        contentEncryptionAlgorithms: ENC_ALGS,
      });
      return { ok: true, payload: JSON.parse(new TextDecoder().decode(plaintext)) as unknown };
    } catch {
      return { ok: false, message: CRYPTO_MESSAGES.decrypt };
    }
  }
}

/** Decodes `X-Encryption-Public-Key`: Base64 of a PEM SubjectPublicKeyInfo. */
export function decodeClientKey(headerValue: string): { ok: true; key: KeyObject } | CryptoFailure {
  try {
    const pem = Buffer.from(headerValue.trim(), "base64").toString("utf8");
    if (!pem.includes("-----BEGIN PUBLIC KEY-----")) return { ok: false, message: CRYPTO_MESSAGES.decodeKey };
    return { ok: true, key: createPublicKey({ key: pem, format: "pem" }) };
  } catch {
    return { ok: false, message: CRYPTO_MESSAGES.decodeKey };
  }
}

/** Encrypts a response body as documented: RSA-OAEP-256 + A256GCM, typ JOSE, iat and kid. */
export async function encryptFor(key: KeyObject, payload: unknown): Promise<{ ok: true; jwe: string } | CryptoFailure> {
  try {
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", typ: "JOSE", iat: Math.floor(Date.now() / 1000), kid: kidOf(key) })
      .encrypt(key);
    return { ok: true, jwe };
  } catch {
    return { ok: false, message: CRYPTO_MESSAGES.encrypt };
  }
}
