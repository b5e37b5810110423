import type { ProviderName } from "@/lib/providers/names";

// One colour per provider across every chart and its table key. Each has at least 4.5:1
// contrast on white (WCAG 1.4.11 asks 3:1 for graphics); lines also differ by dash
// pattern so they stay apart without colour.
export const PROVIDER_STYLE: Record<ProviderName, { color: string; dash: string | undefined }> = {
  onramp: { color: "#4338ca", dash: undefined },
  onramp_invoice: { color: "#0f766e", dash: "8 4" },
  paysecure: { color: "#b45309", dash: "2 3" },
  fenige: { color: "#be123c", dash: "10 3 2 3" },
};
