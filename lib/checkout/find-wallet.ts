import { z } from "zod";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { payableSession } from "./payable-session";

export const FindWalletRequest = z.object({ phone: z.string().trim().min(6).max(24) });
export type FindWalletRequest = z.infer<typeof FindWalletRequest>;

const unavailable = () => new AppError("provider_unavailable", "The wallet service is not answering right now. Please try again in a few minutes.", { retryAfterSeconds: 30 });

/** Whether the payer has a wallet the session's provider can charge (the provider is asked). */
export async function findWallet(args: { sessionId: string; request: FindWalletRequest; ip: string }): Promise<Result<{ found: true }>> {
  const loaded = await payableSession(args.sessionId, "wallet", args.ip);
  if (!loaded.ok) return loaded;
  const { connector, account } = loaded.value;
  if (!connector.lookupPayer || !connector.capabilities.methods.includes("wallet")) {
    return err(new AppError("validation_failed", "Paying from a wallet is not available for this order.", { fields: [{ path: "wallet.phone", message: "Not available" }] }));
  }
  try {
    const found = await connector.lookupPayer(account, { type: "wallet", phone: args.request.phone });
    if (!found.found) return err(new AppError("validation_failed", found.message, { fields: [{ path: "wallet.phone", message: found.message }] }));
    return ok({ found: true });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    log.warn("wallet lookup failed", { sessionId: args.sessionId, kind: e.kind, code: e.details?.providerCode });
    if (e.kind === "rejected" && e.details?.providerCode === "INVALID_PHONE_NUMBERS") {
      const message = "Enter the phone number with its country code, for example +48 500 000 001.";
      return err(new AppError("validation_failed", message, { fields: [{ path: "wallet.phone", message }] }));
    }
    return err(unavailable());
  }
}
