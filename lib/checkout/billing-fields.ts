import type { PayerBilling } from "./card-payload";
import { type BillingField } from "./billing-field-names";
import { BillingAddress, type CustomerDetails } from "./customer";

export { BILLING_FIELDS, type BillingField } from "./billing-field-names";

/** Billing details of which any part may be missing: what a session and a payer add up to. */
export type PartialBilling = Omit<CustomerDetails, "address"> & { address?: Partial<BillingAddress> };

function valueOf(customer: PartialBilling | null | undefined, field: BillingField): string | undefined {
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
    case "address.state":
      return customer.address?.state;
    case "address.postal_code":
      return customer.address?.postal_code;
    case "address.country":
      return customer.address?.country;
  }
}

export function missingBillingFields(required: readonly BillingField[], customer: PartialBilling | null | undefined): BillingField[] {
  return required.filter((f) => !valueOf(customer, f)?.trim());
}

const present = <T>(v: T | undefined): v is T => v !== undefined && v !== "";

/** The session's details win; the payer fills only the gaps, field by field. */
export function combineBilling(session: PartialBilling | null | undefined, payer: PayerBilling | undefined): PartialBilling | null {
  if (!session && !payer) return null;
  const s: PartialBilling = session ?? {};
  const p: PartialBilling = payer ?? {};
  const out: PartialBilling = {};
  for (const k of ["email", "first_name", "last_name", "phone"] as const) {
    const v = present(s[k]) ? s[k] : p[k];
    if (present(v)) out[k] = v;
  }
  const address: Partial<BillingAddress> = {};
  for (const k of ["line1", "line2", "city", "state", "postal_code", "country"] as const) {
    const v = present(s.address?.[k]) ? s.address?.[k] : p.address?.[k];
    if (present(v)) address[k] = v;
  }
  if (Object.keys(address).length > 0) out.address = address;
  return out;
}

/**
 * Combined billing details as a provider receives them: the address only when it is a
 * whole one (a connector that needs it has already reported what is missing).
 */
export function mergeBilling(session: PartialBilling | null | undefined, payer: PayerBilling | undefined): CustomerDetails | null {
  const combined = combineBilling(session, payer);
  if (!combined) return null;
  const { address, ...rest } = combined;
  const whole = address ? BillingAddress.safeParse(address) : null;
  return whole?.success ? { ...rest, address: whole.data } : rest;
}
