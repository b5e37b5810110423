import { CompactEncrypt, importJWK, type JWK } from "jose";
import type { CardPayload, WalletCardPayload } from "./card-payload";

// Runs in the payer's browser: the card leaves it only as a JWE to the checkout's current
// public key (RSA-OAEP-256 wrapping a random A256GCM content key), via WebCrypto.
export interface CardKey {
  kid: string;
  jwk: JWK;
}

export async function encryptCard(key: CardKey, payload: CardPayload | WalletCardPayload): Promise<string> {
  const publicKey = await importJWK(key.jwk, "RSA-OAEP-256");
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: key.kid })
    .encrypt(publicKey);
}
