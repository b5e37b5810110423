import { count } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { adminUsers, apiKeys, merchants, providerAccounts, webhookEndpoints } from "@/db/schema";
import { newId } from "@/lib/ids";
import { seal } from "@/lib/crypto/secret-box";
import { hashPassword } from "@/lib/crypto/password";
import { describeApiKey } from "@/lib/merchant-api/api-key";
import type { ProviderName } from "@/lib/providers/names";

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
  // A second, empty merchant with its own owner: shows (and lets tests prove) that one
  // merchant's admins never see another's data.
  otherMerchant?: { adminEmail: string; adminPassword: string };
}

/**
 * The provider sandbox's documented example credentials, per provider. Only base URLs
 * and credentials tell the checkout it is talking to the sandbox.
 */
export function sandboxProviderAccounts(sandboxUrl: string): Array<{ provider: ProviderName; baseUrl: string; credentials: Record<string, string> }> {
  const base = sandboxUrl.replace(/\/$/, "");
  return [
    { provider: "onramp", baseUrl: `${base}/onramp`, credentials: { apiKey: "00000000-0000-0000-0000-000000000000" } },
    { provider: "onramp_invoice", baseUrl: `${base}/onramp`, credentials: { apiKey: "00000000-0000-0000-0000-000000000000" } },
    { provider: "paysecure", baseUrl: `${base}/paysecure`, credentials: { apiKey: "sandbox-paysecure-key", brandId: "sandbox-brand" } },
    {
      provider: "fenige",
      baseUrl: `${base}/fenige`,
      credentials: {
        productName: "TestProduct",
        mobileToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiNjUzNGJhIiwiZXhwIjoxNjUxNzU2Njk4fQ.tBs5Os24ux-zmYNGYx5MCRAIYOg4Wtnu51NGs39doZ0",
      },
    },
  ];
}

/** Creates the demo merchant, its key, provider accounts and admins when the database is empty. */
export async function seedDemo(db: Queryable, seed: DemoSeed): Promise<{ seeded: boolean; merchantId: string | null }> {
  const [row] = await db.select({ n: count() }).from(merchants);
  if ((row?.n ?? 0) > 0) return { seeded: false, merchantId: null };
  const merchantId = newId("merchant");
  await db.insert(merchants).values({ id: merchantId, name: "Demo Shop", logoUrl: null, defaultProvider: "onramp" });
  await db.insert(apiKeys).values({ id: newId("apiKey"), merchantId, name: "Demo key", ...describeApiKey(seed.apiKey) });
  for (const account of sandboxProviderAccounts(seed.sandboxUrl)) {
    await db.insert(providerAccounts).values({
      id: newId("providerAccount"),
      merchantId,
      provider: account.provider,
      baseUrl: account.baseUrl,
      credentialsSealed: await seal(account.credentials),
    });
  }
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
