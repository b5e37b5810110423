import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { providerAccounts } from "@/db/schema";
import { open } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";
import type { ProviderName } from "./names";
import type { ProviderAccountContext } from "./types";

/** A merchant's account with a provider, credentials decrypted for this call only. */
export async function loadProviderAccount(db: Queryable, merchantId: string, provider: ProviderName): Promise<ProviderAccountContext> {
  const [row] = await db
    .select()
    .from(providerAccounts)
    .where(and(eq(providerAccounts.merchantId, merchantId), eq(providerAccounts.provider, provider)))
    .limit(1);
  if (!row) throw new AppError("unprocessable", `No ${provider} account is configured for this merchant.`);
  return { baseUrl: row.baseUrl, credentials: await open<Record<string, string>>(row.credentialsSealed) };
}
