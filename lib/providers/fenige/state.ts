import { z } from "zod";
import type { ConnectorState } from "@/lib/providers/types";

// What the Fenige connector keeps per operation (operations.connector_state): the payer's
// wallet card, the authentication under way and, once sent, the transfer. `stage` tells a
// later call (a resume, a read-back) where the payment stands:
//   authenticating -> method | challenge -> resuming -> [awaiting_card ->] sending -> sent
// `awaiting_card`: authenticated, waiting for the page to send the card data it holds (a
// step that ended without the browser carries none). `sending` is written before
// send-money leaves: an operation found there without an orderId may have been paid, and
// is never ended as unpaid.
export const STAGES = ["authenticating", "method", "challenge", "resuming", "awaiting_card", "sending", "sent"] as const;
export type Stage = (typeof STAGES)[number];

export const FenigeOpState = z.object({
  userId: z.string(),
  cardId: z.string(),
  senderCurrency: z.string(),
  /** What the payer is charged, fee included, as calculate-commission said (minor units). */
  fundingTotal: z.number(),
  authenticationId: z.string(),
  stage: z.enum(STAGES),
  /** When the current stage began (ms since the epoch). */
  stageAt: z.number(),
  /** The 3DS steps so far, for people. */
  path: z.string(),
  challengeWindow: z.number().int().min(1).max(5),
  /** send-money's payer IP and sender block (JSON), kept for the transfer after 3DS. */
  addressIp: z.string(),
  sender: z.string(),
  authenticationStatus: z.string().optional(),
  eci: z.string().optional(),
  orderId: z.string().optional(),
  sentAt: z.number().optional(),
});
export type FenigeOpState = z.infer<typeof FenigeOpState>;

/** The operation's state, or null when start() never got as far as writing it. */
export function readState(state: ConnectorState): FenigeOpState | null {
  const parsed = FenigeOpState.safeParse(state);
  return parsed.success ? parsed.data : null;
}

/** A patch for ConnectorState: the same keys, scalar values only. */
export function statePatch(patch: Partial<FenigeOpState>): ConnectorState {
  const out: ConnectorState = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out;
}
