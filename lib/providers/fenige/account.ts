import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ProviderAccountContext } from "@/lib/providers/types";
import { ReceiverConfig } from "./schemas";

// What a merchant's Fenige account holds (sealed in provider_accounts.credentials):
// the device token and product name every call carries, and the merchant's own receiving
// card. The receiver is the merchant, always from here: nothing the browser sends can
// change where the money goes.
const NamePart = z.string().trim().min(2).max(35).regex(/^[^0-9]+$/);

export const FenigeCredentials = z
  .object({
    /** `Authorization: Mobile <token>`. */
    mobileToken: z.string().min(1),
    /** `Product-Name`. */
    productName: z.string().min(1),
    receiverType: z.enum(["WALLET_CARD_ID", "BARE_CARD_NUMBER"]),
    /** A wallet card id, or the card number for BARE_CARD_NUMBER. */
    receiverCard: z.string().min(1),
    receiverUserId: z.string().regex(/^\d+$/).optional(),
    receiverFirstName: NamePart,
    receiverLastName: NamePart,
    receiverDisplayName: z.string().trim().min(1).max(100),
    receiverPhone: z.string().regex(/^\d{6,15}$/).optional(),
  })
  .refine((c) => c.receiverFirstName !== c.receiverLastName, { path: ["receiverFirstName"], message: "must differ from the last name" });
export type FenigeCredentials = z.infer<typeof FenigeCredentials>;

export interface FenigeAccount {
  baseUrl: string;
  token: string;
  productName: string;
  receiver: ReceiverConfig & { firstName: string; lastName: string; displayName: string; phone?: string };
}

/** The account's credentials, checked; a misconfigured account is refused before any call. */
export function fenigeAccount(account: ProviderAccountContext): FenigeAccount {
  const parsed = FenigeCredentials.safeParse(account.credentials);
  // Only the field names: the values are secrets.
  if (!parsed.success) throw new AppError("unprocessable", `The Fenige account is not configured completely (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}).`);
  const c = parsed.data;
  const receiver = ReceiverConfig.safeParse({ receiverType: c.receiverType, card: c.receiverCard, userId: c.receiverUserId });
  if (!receiver.success) throw new AppError("unprocessable", "The Fenige account's receiving card is not configured completely.");
  return {
    baseUrl: account.baseUrl.replace(/\/$/, ""),
    token: c.mobileToken,
    productName: c.productName,
    receiver: { ...receiver.data, firstName: c.receiverFirstName, lastName: c.receiverLastName, displayName: c.receiverDisplayName, ...(c.receiverPhone ? { phone: c.receiverPhone } : {}) },
  };
}
