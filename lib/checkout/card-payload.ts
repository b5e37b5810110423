import { z } from "zod";
import { BillingAddress, CustomerDetails } from "./customer";

// The pay endpoint's body and the card plaintext inside its JWE. The browser sends the
// card only encrypted; these schemas are for the server.

export const ClientBrowserDataInput = z.object({
  screenWidth: z.number().int().min(0).max(100_000),
  screenHeight: z.number().int().min(0).max(100_000),
  colorDepth: z.union([z.literal(1), z.literal(4), z.literal(8), z.literal(15), z.literal(16), z.literal(24), z.literal(32), z.literal(48)]),
  timezoneOffset: z.number().int().min(-900).max(900),
  language: z.string().trim().min(1).max(35),
  javaEnabled: z.boolean(),
  javascriptEnabled: z.boolean(),
  challengeWindow: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
});
export type ClientBrowserDataInput = z.infer<typeof ClientBrowserDataInput>;

/** What the payer was shown and agreed to pay, in the card's currency (the provider's figure). */
export const QuotedAmount = z.object({ amount: z.number().int().nonnegative().max(1e13), currency: z.string().regex(/^[A-Z]{3}$/) });

export const PayMethodInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("card"), encryptedCard: z.string().min(20).max(8192) }),
  z.object({ type: z.literal("bank") }),
  z.object({ type: z.literal("invoice") }),
  z.object({
    type: z.literal("wallet"),
    phone: z.string().trim().min(6).max(24),
    // The wallet card's security code and expiry (WalletCardPayload), encrypted like a card.
    encryptedCard: z.string().min(20).max(8192),
    quoted: QuotedAmount.nullable(),
  }),
]);
export type PayMethodInput = z.infer<typeof PayMethodInput>;

/**
 * What the payer typed into the billing fields: only the gaps the session left, so any
 * part may be missing (a session with an address but no state asks for the state alone).
 */
export const PayerBilling = CustomerDetails.omit({ address: true }).extend({ address: BillingAddress.partial().optional() });
export type PayerBilling = z.infer<typeof PayerBilling>;

export const PayRequest = z.object({
  // One per press of Pay, made by the page: the same key always answers the same operation.
  attemptKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Use 16-64 URL-safe characters"),
  method: PayMethodInput,
  billing: PayerBilling.optional(),
  browser: ClientBrowserDataInput,
});
export type PayRequest = z.infer<typeof PayRequest>;

/** What the browser encrypts. `sid` binds the ciphertext to one session. */
export const CardPayload = z.object({
  sid: z.string(),
  number: z.string().regex(/^\d{12,19}$/),
  expMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
  expYear: z.string().regex(/^\d{4}$/),
  cvc: z.string().regex(/^\d{3,4}$/),
  holderName: z.string().trim().min(1).max(100),
});
export type CardPayload = z.infer<typeof CardPayload>;

/** What the browser encrypts for a wallet card: the provider knows the card, the payer proves it. */
export const WalletCardPayload = z.object({
  sid: z.string(),
  cvc: z.string().regex(/^\d{3,4}$/),
  expMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
  expYear: z.string().regex(/^\d{4}$/),
});
export type WalletCardPayload = z.infer<typeof WalletCardPayload>;
