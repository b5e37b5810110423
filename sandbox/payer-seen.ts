/**
 * What one create call told the provider about the payer: the address and the 3-D Secure
 * browser data, exactly as sent. Kept on the operation (ON/RAMP create_operation, Paysecure
 * s2s payment, Fenige authentication init) and shown by GET /_sandbox/operations/{id}, so
 * a test can check what the provider saw.
 */
export type PayerSeen = { at: string; ip: string | null; browser: Record<string, unknown> | null };

export function payerSeen(ip: string | null | undefined, browser: Record<string, unknown> | null | undefined): PayerSeen {
  return { at: new Date().toISOString(), ip: ip ?? null, browser: browser ?? null };
}
