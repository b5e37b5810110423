import { z } from "zod";
import { AppError } from "@/lib/errors";
import { payerError, payerFieldError } from "./payer-errors";
import { log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { payableSession } from "./payable-session";

export const FindWalletRequest = z.object({ phone: z.string().trim().min(6).max(24) });
export type FindWalletRequest = z.infer<typeof FindWalletRequest>;

const unavailable = () => payerError("provider_unavailable", "walletUnavailable", { retryAfterSeconds: 30 });

/** Whether the payer has a wallet the session's provider can charge (the provider is asked). */
export async function findWallet(args: { sessionId: string; request: FindWalletRequest; ip: string }): Promise<Result<{ found: true }>> {
  const loaded = await payableSession(args.sessionId, "wallet", args.ip);
  if (!loaded.ok) return loaded;
  const { connector, account } = loaded.value;
  if (!connector.lookupPayer || !connector.capabilities.methods.includes("wallet")) {
    return err(payerError("validation_failed", "walletNotOffered", { fields: [payerFieldError("wallet.phone", "walletNotOffered")] }));
  }
  try {
    const found = await connector.lookupPayer(account, { type: "wallet", phone: args.request.phone });
    if (!found.found) return err(new AppError("validation_failed", found.message, { messageKey: found.messageKey, fields: [{ path: "wallet.phone", message: found.message, code: found.messageKey }] }));
    return ok({ found: true });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    log.warn("wallet lookup failed", { sessionId: args.sessionId, kind: e.kind, code: e.details?.providerCode });
    if (e.kind === "rejected" && e.details?.providerCode === "INVALID_PHONE_NUMBERS") {
      return err(payerError("validation_failed", "phoneFormat", { fields: [payerFieldError("wallet.phone", "phoneFormat")] }));
    }
    return err(unavailable());
  }
}
