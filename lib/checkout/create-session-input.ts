import { z } from "zod";
import { CustomerDetails } from "./customer";
import { isCurrency } from "./currency";
import { ProviderName } from "@/lib/providers/names";
import { LOCALES } from "@/lib/i18n/locales";

const MIN_EXPIRY_MS = 5 * 60 * 1000;
const MAX_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;

// Return URLs are where we send the payer's browser; only absolute http(s) URLs without
// embedded credentials are accepted so the hosted page cannot be turned into an open
// redirect to javascript: or data: targets.
export const ReturnUrl = z
  .url({ protocol: /^https?$/, message: "Use an absolute http(s) URL" })
  .max(2000)
  // Zod runs this even when the URL check above failed, so it must not assume a URL.
  .refine((u) => {
    const url = URL.canParse(u) ? new URL(u) : null;
    return url === null || (url.username === "" && url.password === "");
  }, "URLs with credentials are not accepted");

export const CreateSessionInput = z
  .object({
    amount: z.number().int("Use an integer amount in minor units").positive().max(100_000_000_00),
    currency: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine(isCurrency, "Use an ISO 4217 currency code"),
    customer_id: z.string().trim().min(1).max(128),
    customer: CustomerDetails.optional(),
    success_url: ReturnUrl,
    cancel_url: ReturnUrl,
    provider: ProviderName.optional(),
    description: z.string().trim().max(500).optional(),
    locale: z.enum(LOCALES).optional().describe("Language of the payment page when the payer has not chosen one; without it the browser's Accept-Language decides (English by default)"),
    metadata: z
      .record(z.string().min(1).max(40), z.string().max(500))
      .refine((m) => Object.keys(m).length <= 50, "At most 50 metadata keys")
      .optional(),
    expires_at: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .refine((d) => d.getTime() >= Date.now() + MIN_EXPIRY_MS, "Must be at least 5 minutes from now")
      .refine((d) => d.getTime() <= Date.now() + MAX_EXPIRY_MS, "Must be at most 7 days from now")
      .optional(),
  })
  .strict();
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const DEFAULT_SESSION_TTL_MS = 60 * 60 * 1000;
