import { CardKeyError, decryptCardJwe } from "@/lib/crypto/card-keys";
import { log } from "@/lib/log";
import type { HeldCard } from "@/lib/providers/types";
import { WalletCardPayload } from "./card-payload";

// Card data a payer typed for a card the provider already knows (a wallet card's security
// code and expiry) travels only as the browser's own JWE, inside the request that carries
// it to the one provider call that sends it: never stored, in clear or encrypted. The 3DS
// steps between Pay and that call may end without the browser (an issuer's notification,
// a timer); the connector then asks the page to send it again (NextAction "card_data").

export const nothingHeld: HeldCard = { take: async () => null };

/** The card data in one request's JWE, decrypted on take() only, bound to its session. */
export function heldCardFromJwe(jwe: string, op: { id: string; sessionId: string }): HeldCard {
  let taken = false;
  return {
    async take() {
      if (taken) return null;
      taken = true;
      let plaintext: unknown;
      try {
        plaintext = await decryptCardJwe(jwe);
      } catch (e) {
        if (!(e instanceof CardKeyError)) throw e;
        log.warn("card data could not be decrypted", { operationId: op.id, reason: e.reason });
        return null;
      }
      const parsed = WalletCardPayload.safeParse(plaintext);
      if (!parsed.success || parsed.data.sid !== op.sessionId) return null;
      return { cvc: parsed.data.cvc, expMonth: parsed.data.expMonth, expYear: parsed.data.expYear };
    },
  };
}

/** Whether a JWE holds card data for this session (the page is told at once when it does not). */
export async function readableCardData(jwe: string, op: { id: string; sessionId: string }): Promise<boolean> {
  return (await heldCardFromJwe(jwe, op).take()) !== null;
}
