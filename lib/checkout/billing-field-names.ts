// The payer details a provider may insist on. Each connector declares which it needs
// (capabilities.billingFields); the page asks only for those the session did not already
// carry, and the pay function refuses to call a provider without them. Kept apart from
// billing-fields.ts so the payer's page can name the fields without bundling zod.
export const BILLING_FIELDS = ["first_name", "last_name", "email", "address.line1", "address.city", "address.state", "address.postal_code", "address.country"] as const;
export type BillingField = (typeof BILLING_FIELDS)[number];
