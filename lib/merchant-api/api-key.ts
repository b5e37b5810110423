import { randomToken, sha256Hex } from "@/lib/crypto/hash";

// Keys look like `sk_live_<43 chars>`; the first 12 characters are the visible prefix.
export function generateApiKey(mode: "live" | "test" = "test"): string {
  return `sk_${mode}_${randomToken(32)}`;
}

export function describeApiKey(key: string): { prefix: string; keyHash: string } {
  return { prefix: key.slice(0, 12), keyHash: sha256Hex(key) };
}
