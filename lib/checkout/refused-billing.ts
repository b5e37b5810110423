import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { operationEvents, type CheckoutSession } from "@/db/schema";
import { BILLING_FIELDS, type BillingField, type PartialBilling } from "./billing-fields";
import type { PayerBilling } from "./card-payload";
import { latestOperation } from "./payment-progress";

// The session's billing details win over what the payer sends, field by field, except where
// the provider refused the session's own value in this session's latest attempt: the page
// then asks the payer for that field (with the refusal shown), and the payer's answer is the
// only way the payment can go through. A merchant's withdrawn country code is the usual case.

/** The event an attempt ends with when the connector refused payer details before sending. */
export const REFUSED_DETAILS_EVENT = "request_invalid";

function valueIn(b: PartialBilling | PayerBilling | null | undefined, f: BillingField): string | undefined {
  if (!b) return undefined;
  if (f.startsWith("address.")) return b.address?.[f.slice(8) as keyof NonNullable<PartialBilling["address"]>];
  return b[f as "email" | "first_name" | "last_name"];
}

function toBillingField(path: string): BillingField | null {
  const f = path.replace(/^(customer|billing)\./, "");
  return (BILLING_FIELDS as readonly string[]).includes(f) ? (f as BillingField) : null;
}

/** The session's details less those the payer now answers for after the provider refused them. */
export async function sessionBillingForPayer(session: CheckoutSession, payer: PayerBilling | undefined): Promise<PartialBilling | null> {
  const own: PartialBilling | null = session.customer ?? null;
  if (!own || !payer) return own;
  const both = BILLING_FIELDS.filter((f) => valueIn(own, f)?.trim() && valueIn(payer, f)?.trim());
  if (both.length === 0) return own;

  const db = await getDb();
  const last = await latestOperation(db, session);
  if (!last || last.providerStatus !== REFUSED_DETAILS_EVENT) return own;
  const [event] = await db
    .select({ payload: operationEvents.payload })
    .from(operationEvents)
    .where(and(eq(operationEvents.merchantId, session.merchantId), eq(operationEvents.operationId, last.id), eq(operationEvents.type, REFUSED_DETAILS_EVENT)))
    .limit(1);
  const paths = (event?.payload as { fields?: unknown } | null)?.fields;
  const refused = new Set(Array.isArray(paths) ? paths.flatMap((p) => (typeof p === "string" ? [toBillingField(p)] : [])) : []);
  const replaced = both.filter((f) => refused.has(f));
  if (replaced.length === 0) return own;

  const out: PartialBilling = { ...own, ...(own.address ? { address: { ...own.address } } : {}) };
  for (const f of replaced) {
    if (f.startsWith("address.") && out.address) delete out.address[f.slice(8) as keyof NonNullable<PartialBilling["address"]>];
    else delete out[f as "email" | "first_name" | "last_name"];
  }
  return out;
}
