import type { CustomerDetails } from "./customer";
import type { ProviderName } from "@/lib/providers/names";

// Which payer details each provider insists on. The page asks only for those the
// session did not already carry; the pay function refuses to call a provider without them.
export const BILLING_FIELDS = ["first_name", "last_name", "email", "address.line1", "address.city", "address.postal_code", "address.country"] as const;
export type BillingField = (typeof BILLING_FIELDS)[number];

const REQUIRED: Record<ProviderName, readonly BillingField[]> = {
  // ON/RAMP S2S marks names, email and the billing address as always required, for bank payments too.
  onramp: BILLING_FIELDS,
  // The ingress invoice takes billing details but requires none of them.
  onramp_invoice: [],
  paysecure: ["email"],
  // Fenige identifies the payer by wallet phone.
  fenige: [],
};

export function requiredBillingFields(provider: ProviderName): readonly BillingField[] {
  return REQUIRED[provider];
}

function valueOf(customer: CustomerDetails | null | undefined, field: BillingField): string | undefined {
  if (!customer) return undefined;
  switch (field) {
    case "first_name":
      return customer.first_name;
    case "last_name":
      return customer.last_name;
    case "email":
      return customer.email;
    case "address.line1":
      return customer.address?.line1;
    case "address.city":
      return customer.address?.city;
    case "address.postal_code":
      return customer.address?.postal_code;
    case "address.country":
      return customer.address?.country;
  }
}

export function missingBillingFields(provider: ProviderName, customer: CustomerDetails | null | undefined): BillingField[] {
  return requiredBillingFields(provider).filter((f) => !valueOf(customer, f)?.trim());
}

/** The session's details win; the payer fills only the gaps. */
export function mergeBilling(session: CustomerDetails | null | undefined, payer: CustomerDetails | undefined): CustomerDetails | null {
  if (!session && !payer) return null;
  const s = session ?? {};
  const p = payer ?? {};
  const address = s.address ?? p.address;
  return {
    ...p,
    ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== "")),
    ...(address ? { address } : {}),
  };
}
