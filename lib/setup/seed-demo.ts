import { count } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { adminUsers, apiKeys, merchants, providerAccounts, webhookEndpoints } from "@/db/schema";
import { newId } from "@/lib/ids";
import { seal } from "@/lib/crypto/secret-box";
import { hashPassword } from "@/lib/crypto/password";
import { describeApiKey } from "@/lib/merchant-api/api-key";
import type { ProviderName } from "@/lib/providers/names";
import { MerchantBranding, NO_BRANDING } from "@/lib/merchants/branding";

export interface DemoSeed {
  apiKey: string;
  adminEmail: string;
  adminPassword: string;
  viewerEmail: string;
  viewerPassword: string;
  sandboxUrl: string;
  // The demo shop's webhook receiver (`${appUrl}/demo/webhooks/receive`) and the secret it verifies with.
  appUrl?: string;
  webhookSecret?: string;
  // A second merchant with its own owner and sandbox accounts but no data: shows (and lets
  // tests prove) that one merchant's admins never see another's data.
  otherMerchant?: { adminEmail: string; adminPassword: string };
  // How the demo merchant looks to payers (display name, logo, colour, legal links).
  branding?: Partial<MerchantBranding>;
}

/**
 * A Fenige account on the sandbox: the document's example device token and product, and
 * the shop's receiving card, a wallet card of the sandbox (the document's own example user).
 */
export const FENIGE_SANDBOX_CREDENTIALS: Record<string, string> = {
  productName: "TestProduct",
  mobileToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiNjUzNGJhIiwiZXhwIjoxNjUxNzU2Njk4fQ.tBs5Os24ux-zmYNGYx5MCRAIYOg4Wtnu51NGs39doZ0",
  receiverType: "WALLET_CARD_ID",
  receiverCard: "326097",
  receiverUserId: "111944",
  receiverFirstName: "Demo",
  receiverLastName: "Shop",
  receiverDisplayName: "Demo Shop",
};

/**
 * The provider sandbox's documented example credentials, per provider. Only base URLs
 * and credentials tell the checkout it is talking to the sandbox.
 */
export function sandboxProviderAccounts(
  sandboxUrl: string,
  // The sandbox shows each key only its own operations, so a second merchant gets other keys.
  keys: { onramp: string; paysecure: string } = { onramp: "00000000-0000-0000-0000-000000000000", paysecure: "sandbox-paysecure-key" },
): Array<{ provider: ProviderName; baseUrl: string; credentials: Record<string, string> }> {
  const base = sandboxUrl.replace(/\/$/, "");
  return [
    { provider: "onramp", baseUrl: `${base}/onramp`, credentials: { apiKey: keys.onramp } },
    { provider: "onramp_invoice", baseUrl: `${base}/onramp`, credentials: { apiKey: keys.onramp } },
    { provider: "paysecure", baseUrl: `${base}/paysecure`, credentials: { apiKey: keys.paysecure, brandId: "sandbox-brand" } },
    {
      provider: "fenige",
      baseUrl: `${base}/fenige`,
      credentials: FENIGE_SANDBOX_CREDENTIALS,
    },
  ];
}

async function insertProviderAccounts(db: Queryable, merchantId: string, accounts: ReturnType<typeof sandboxProviderAccounts>): Promise<void> {
  for (const account of accounts) {
    await db.insert(providerAccounts).values({
      id: newId("providerAccount"),
      merchantId,
      provider: account.provider,
      baseUrl: account.baseUrl,
      credentialsSealed: await seal(account.credentials),
    });
  }
}

/**
 * Creates the demo merchant, its key, provider accounts and admins when the database is
 * empty. Branding is validated like the admin form's; a bad value stops the seed.
 */
export async function seedDemo(db: Queryable, seed: DemoSeed): Promise<{ seeded: boolean; merchantId: string | null }> {
  const [row] = await db.select({ n: count() }).from(merchants);
  if ((row?.n ?? 0) > 0) return { seeded: false, merchantId: null };
  const branding = MerchantBranding.safeParse({ ...NO_BRANDING, ...seed.branding });
  if (!branding.success) throw new Error(`Invalid demo branding: ${branding.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const merchantId = newId("merchant");
  await db.insert(merchants).values({ id: merchantId, name: "Demo Shop", ...branding.data, defaultProvider: "onramp" });
  await db.insert(apiKeys).values({ id: newId("apiKey"), merchantId, name: "Demo key", ...describeApiKey(seed.apiKey) });
  await insertProviderAccounts(db, merchantId, sandboxProviderAccounts(seed.sandboxUrl));
  if (seed.appUrl && seed.webhookSecret) {
    await db.insert(webhookEndpoints).values({
      id: newId("webhookEndpoint"),
      merchantId,
      url: `${seed.appUrl.replace(/\/$/, "")}/demo/webhooks/receive`,
      description: "Demo shop receiver",
      secretSealed: await seal(seed.webhookSecret),
    });
  }
  await db.insert(adminUsers).values([
    { id: newId("adminUser"), merchantId, email: seed.adminEmail, name: "Demo owner", role: "owner", passwordHash: await hashPassword(seed.adminPassword) },
    { id: newId("adminUser"), merchantId, email: seed.viewerEmail, name: "Demo viewer", role: "viewer", passwordHash: await hashPassword(seed.viewerPassword) },
  ]);
  if (seed.otherMerchant) {
    const otherId = newId("merchant");
    await db.insert(merchants).values({ id: otherId, name: "Second Shop", logoUrl: null, defaultProvider: "onramp" });
    await insertProviderAccounts(db, otherId, sandboxProviderAccounts(seed.sandboxUrl, { onramp: "00000000-0000-0000-0000-000000000002", paysecure: "sandbox-paysecure-key-2" }));
    await db.insert(adminUsers).values({
      id: newId("adminUser"),
      merchantId: otherId,
      email: seed.otherMerchant.adminEmail,
      name: "Second Shop owner",
      role: "owner",
      passwordHash: await hashPassword(seed.otherMerchant.adminPassword),
    });
  }
  return { seeded: true, merchantId };
}
