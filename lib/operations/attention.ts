// Why a person should look at an operation (operations.attention). Set by the code that
// gives an operation a defined end it could not learn from the provider; shown and
// filterable in the admin.
export const ATTENTION = {
  noProviderReference: "no_provider_reference",
} as const;
export type AttentionReason = (typeof ATTENTION)[keyof typeof ATTENTION];

const TEXT: Record<AttentionReason, string> = {
  no_provider_reference:
    "The provider never answered the request that creates this payment, and it cannot be asked by our id. The attempt was ended after the grace period: nothing payable reached the payer, but the provider may hold an unused payment under its own id. Check the provider's dashboard.",
};

/** What an admin reads for an attention reason; unknown reasons are shown as they are. */
export function describeAttention(reason: string): string {
  return (TEXT as Record<string, string>)[reason] ?? reason;
}
