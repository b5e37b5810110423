import { CompactEncrypt, compactDecrypt } from "jose";
import { env } from "@/lib/env";

// Secrets at rest (provider credentials, webhook signing secrets, key material) are
// sealed as compact JWE with direct A256GCM under ENCRYPTION_KEY, so rotating the key
// is a re-encrypt of rows and nothing here is hand-rolled crypto.
let cachedKey: Uint8Array | null = null;

function key(): Uint8Array {
  if (cachedKey) return cachedKey;
  if (!env.ENCRYPTION_KEY) throw new Error("ENCRYPTION_KEY is not set");
  const bytes = Buffer.from(env.ENCRYPTION_KEY, "base64");
  if (bytes.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, base64");
  cachedKey = new Uint8Array(bytes);
  return cachedKey;
}

export async function seal(value: unknown): Promise<string> {
  const plaintext = new TextEncoder().encode(JSON.stringify(value));
  return new CompactEncrypt(plaintext).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(key());
}

export async function open<T = unknown>(sealed: string): Promise<T> {
  const { plaintext } = await compactDecrypt(sealed, key());
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}
