import type { JWK } from "jose";
import type { CardPayload, WalletCardPayload } from "./card-payload";

// Runs in the payer's browser: the card leaves it only as a JWE to the checkout's current
// public key (RSA-OAEP-256 wrapping a random A256GCM content key), via WebCrypto. jose is
// fetched on first use rather than with the page: the form is usable before it arrives,
// and warmCardEncryption() starts the fetch as soon as the payer begins typing.
export interface CardKey {
  kid: string;
  jwk: JWK;
}

let jose: Promise<typeof import("jose")> | null = null;
const loadJose = () => (jose ??= import("jose"));

/** Starts loading the encryption code without waiting for it. */
export function warmCardEncryption(): void {
  void loadJose().catch(() => {
    // A failed prefetch is retried by encryptCard itself.
    jose = null;
  });
}

export async function encryptCard(key: CardKey, payload: CardPayload | WalletCardPayload): Promise<string> {
  const { CompactEncrypt, importJWK } = await loadJose();
  const publicKey = await importJWK(key.jwk, "RSA-OAEP-256");
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: key.kid })
    .encrypt(publicKey);
}
