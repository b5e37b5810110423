import { z } from "zod";
import { SESSION_STATUSES } from "./session-status";
import { CustomerDetails } from "./customer";
import { ProviderName } from "@/lib/providers/names";
import { LOCALES } from "@/lib/i18n/locales";
import { OperationResponse } from "@/lib/operations/operation-response";

// The merchant API's checkout session, as documented in the OpenAPI document.
export const SessionResponse = z.object({
  id: z.string().describe("Checkout session id (cs_…)"),
  object: z.literal("checkout_session"),
  url: z.url().describe("The hosted payment page to send the payer to"),
  status: z.enum(SESSION_STATUSES),
  amount: z.number().int().describe("Minor units"),
  currency: z.string().length(3),
  customer_id: z.string(),
  customer: CustomerDetails.nullable(),
  description: z.string().nullable(),
  locale: z.enum(LOCALES).nullable().describe("Language of the payment page unless the payer chooses another; null: the browser's"),
  success_url: z.url(),
  cancel_url: z.url(),
  provider: ProviderName,
  metadata: z.record(z.string(), z.string()),
  expires_at: z.iso.datetime(),
  created_at: z.iso.datetime(),
  latest_operation: OperationResponse.nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;
