import { z } from "zod";

export const BillingAddress = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  postal_code: z.string().trim().min(1).max(20),
  state: z.string().trim().max(100).optional(),
  // ISO 3166-1 alpha-2, as merchants usually hold it; connectors convert where a provider wants alpha-3.
  country: z.string().trim().regex(/^[A-Z]{2}$/, "Use an ISO 3166-1 alpha-2 country code"),
});
export type BillingAddress = z.infer<typeof BillingAddress>;

export const CustomerDetails = z.object({
  email: z.email().max(254).optional(),
  first_name: z.string().trim().min(1).max(100).optional(),
  last_name: z.string().trim().min(1).max(100).optional(),
  phone: z.string().trim().regex(/^\+?[0-9]{6,15}$/, "Use digits with an optional leading +").optional(),
  address: BillingAddress.optional(),
});
export type CustomerDetails = z.infer<typeof CustomerDetails>;
