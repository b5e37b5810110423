import { eq } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { merchants } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { err, ok, type Result } from "@/lib/result";
import type { MerchantBranding } from "@/lib/merchants/branding";
import { ownerOnly, type AdminContext } from "./admin-context";
import { writeAudit } from "./audit";

const brandingColumns = {
  name: merchants.name,
  displayName: merchants.displayName,
  logoUrl: merchants.logoUrl,
  brandColor: merchants.brandColor,
  termsUrl: merchants.termsUrl,
  privacyUrl: merchants.privacyUrl,
};

export type BrandingSettings = { name: string } & MerchantBranding;

/** The admin's merchant's branding as stored. */
export async function getBranding(db: Queryable, admin: AdminContext): Promise<BrandingSettings> {
  const [row] = await db.select(brandingColumns).from(merchants).where(eq(merchants.id, admin.merchantId)).limit(1);
  if (!row) throw new Error("admin's merchant is missing");
  return row;
}

/**
 * Replace the merchant's branding (owners only). The audit entry keeps what changed, old
 * and new, so a payer-visible change can always be traced to a person.
 */
export async function updateBranding(admin: AdminContext, input: MerchantBranding): Promise<Result<BrandingSettings>> {
  const refused = ownerOnly(admin);
  if (refused) return err(refused);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select(brandingColumns).from(merchants).where(eq(merchants.id, admin.merchantId)).for("update").limit(1);
    if (!before) return err(notFound("Merchant"));
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const key of Object.keys(input) as Array<keyof MerchantBranding>) {
      if (before[key] !== input[key]) changes[key] = { from: before[key], to: input[key] };
    }
    if (Object.keys(changes).length === 0) return ok(before);
    await tx
      .update(merchants)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(merchants.id, admin.merchantId));
    await writeAudit(tx, admin, { action: "merchant.branding_update", targetType: "merchant", targetId: admin.merchantId, details: { changes } });
    return ok({ name: before.name, ...input });
  });
}
