import { AppError } from "@/lib/errors";
import { err, ok, type Result } from "@/lib/result";

// How many bytes of body each kind of request may carry. A body is read from the stream
// and the read stops at the cap, so an oversized request costs at most the cap in memory;
// a declared Content-Length over the cap is refused before anything is read.
export const BODY_LIMITS = {
  /** Pay: the card JWE (at most 8 KiB) plus billing and browser data. */
  pay: 16 * 1024,
  /** Provider callbacks: a status object, a few hundred bytes in every document. */
  callback: 16 * 1024,
  /** Admin sign-in: email, password and next-auth's own fields. */
  signIn: 4 * 1024,
  /** Merchant API: a session with 50 metadata entries of 500 characters fits. */
  merchantApi: 128 * 1024,
  /** An issuer's 3DS method or challenge completion: a form of a few encoded fields. */
  threeDsStep: 64 * 1024,
  /** The demo shop's webhook receiver: one event. */
  demoWebhook: 64 * 1024,
} as const;

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}

/** The body as text, or payload_too_large once more than `maxBytes` arrive. */
export async function readBodyText(request: Request, maxBytes: number): Promise<Result<string>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) return err(bodyTooLarge(maxBytes));
  if (!request.body) return ok("");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return err(bodyTooLarge(maxBytes));
    }
    chunks.push(value);
  }
  return ok(Buffer.concat(chunks).toString("utf8"));
}
