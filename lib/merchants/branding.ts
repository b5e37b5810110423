import { z } from "zod";
import { HEX_COLOR, brandPalette, type BrandPalette } from "./brand-color";

// How a merchant looks to its payers. Every field is optional: without them the hosted
// page shows the merchant's name, its initials and the checkout's own colour.

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v);

/** Why a link is not a public https address the payer's browser can open, or null. */
function httpsProblem(value: string, what: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Use a full https:// address for the ${what}`;
  }
  if (url.protocol !== "https:") return `Use an https:// address for the ${what}`;
  if (url.username !== "" || url.password !== "") return `The ${what} address must not carry a user name or password`;
  if (!url.hostname.includes(".") || url.hostname.endsWith(".localhost")) return `Use a public host name for the ${what}`;
  return null;
}

const httpsUrl = (what: string) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .max(2048, `Keep the ${what} address under 2048 characters`)
      .superRefine((v, ctx) => {
        const problem = httpsProblem(v, what);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .nullable(),
  );

export const MerchantBranding = z.object({
  displayName: z.preprocess(blankToNull, z.string().max(80, "Keep the display name under 80 characters").nullable()),
  logoUrl: httpsUrl("logo"),
  brandColor: z.preprocess(
    (v) => (typeof blankToNull(v) === "string" ? String(blankToNull(v)).toLowerCase() : blankToNull(v)),
    z.string().regex(HEX_COLOR, "Use a hex colour like #1a73e8").nullable(),
  ),
  termsUrl: httpsUrl("terms"),
  privacyUrl: httpsUrl("privacy policy"),
});
export type MerchantBranding = z.infer<typeof MerchantBranding>;

export const NO_BRANDING: MerchantBranding = { displayName: null, logoUrl: null, brandColor: null, termsUrl: null, privacyUrl: null };

/** What the hosted page shows for a merchant. */
export interface PayerBranding {
  name: string;
  logoUrl: string | null;
  palette: BrandPalette | null;
  termsUrl: string | null;
  privacyUrl: string | null;
}

export function payerBranding(merchant: { name: string } & MerchantBranding): PayerBranding {
  return {
    name: merchant.displayName ?? merchant.name,
    logoUrl: merchant.logoUrl,
    // Stored colours were validated on the way in; one that is not is ignored, not fatal.
    palette: merchant.brandColor && HEX_COLOR.test(merchant.brandColor) ? brandPalette(merchant.brandColor) : null,
    termsUrl: merchant.termsUrl,
    privacyUrl: merchant.privacyUrl,
  };
}
