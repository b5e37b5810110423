import { z } from "zod";
import { OPERATION_STATUSES } from "./status";
import { ProviderName } from "@/lib/providers/names";

// The merchant API's operation, as documented in the OpenAPI document.
export const OperationResponse = z.object({
  id: z.string().describe("Our operation id (op_…)"),
  object: z.literal("operation"),
  session_id: z.string(),
  status: z.enum(OPERATION_STATUSES),
  provider: ProviderName,
  provider_reference: z.string().nullable().describe("The provider's id, as the provider gives it"),
  payment_method: z.enum(["card", "bank", "wallet", "invoice"]),
  amount: z.number().int().describe("Minor units"),
  currency: z.string().length(3),
  customer_id: z.string(),
  card: z.object({ brand: z.string().nullable(), first6: z.string().nullable(), last4: z.string() }).nullable(),
  three_ds: z
    .object({
      version: z.string().optional(),
      flow: z.string().optional(),
      eci: z.string().optional(),
      authenticationId: z.string().optional(),
      status: z.string().optional(),
      path: z.string().optional(),
      methodMs: z.number().int().optional(),
      methodCompletion: z.enum(["Y", "N", "U"]).optional(),
    })
    .nullable(),
  decline: z.object({ code: z.string().nullable(), reason: z.string().nullable() }).nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  finalized_at: z.iso.datetime().nullable(),
});
export type OperationResponse = z.infer<typeof OperationResponse>;
