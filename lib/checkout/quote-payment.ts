import { z } from "zod";
import { AppError } from "@/lib/errors";
import { payerError, payerFieldError } from "./payer-errors";
import { ProviderError, type Money, type Quote } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { payableSession } from "./payable-session";

export const QuotePaymentRequest = z.object({ phone: z.string().trim().min(6).max(24) });
export type QuotePaymentRequest = z.infer<typeof QuotePaymentRequest>;

/** The provider's figures for what the payer's card is charged, beside what the merchant receives. */
export interface PaymentQuote extends Quote {
  merchantAmount: Money;
}

/** Asks the session's provider what paying from this wallet costs; nothing is computed here. */
export async function quotePayment(args: { sessionId: string; request: QuotePaymentRequest; ip: string }): Promise<Result<PaymentQuote>> {
  const loaded = await payableSession(args.sessionId, "quote", args.ip);
  if (!loaded.ok) return loaded;
  const { session, connector, account } = loaded.value;
  if (!connector.quote) return err(payerError("validation_failed", "walletNotOffered", { fields: [payerFieldError("wallet.phone", "walletNotOffered")] }));
  const merchantAmount = { amount: session.amount, currency: session.currency };
  try {
    const quote = await connector.quote(account, { method: { type: "wallet", phone: args.request.phone }, amount: merchantAmount });
    return ok({ ...quote, merchantAmount });
  } catch (e) {
    if (e instanceof AppError) return err(e);
    if (e instanceof ProviderError) return err(payerError("provider_unavailable", "serviceUnavailable", { retryAfterSeconds: 30 }));
    throw e;
  }
}
