import { createHmac, randomBytes } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 24 random bytes. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(b64, "base64");
  if (key.length === 0) throw new Error("empty webhook secret");
  return key;
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`
 * per secret, space-separated, so a receiver holding either secret verifies during a
 * rotation.
 */
export function signatureHeader(secrets: string[], id: string, timestampSeconds: number, body: string): string {
  const signed = `${id}.${timestampSeconds}.${body}`;
  return secrets.map((s) => `v1,${createHmac("sha256", keyOf(s)).update(signed).digest("base64")}`).join(" ");
}
