import { z } from "zod";

export const ProviderName = z.enum(["onramp", "onramp_invoice", "paysecure", "fenige"]);
export type ProviderName = z.infer<typeof ProviderName>;

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  onramp: "ON/RAMP (cards and bank)",
  onramp_invoice: "ON/RAMP hosted invoice",
  paysecure: "Paysecure",
  fenige: "Fenige wallet",
};
