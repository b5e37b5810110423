import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Queryable } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { newId } from "@/lib/ids";
import { notFound } from "@/lib/errors";
import { describeApiKey, generateApiKey } from "@/lib/merchant-api/api-key";
import { err, ok, type Result } from "@/lib/result";
import { ownerOnly, type AdminContext } from "./admin-context";
import { writeAudit } from "./audit";

export const CreateApiKeyInput = z.object({ name: z.string().trim().min(1, "Give the key a name").max(80, "Keep the name under 80 characters") });
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const RevokeApiKeyInput = z.object({ keyId: z.string().regex(/^key_[0-9a-f]{32}$/, "Not a key id") });
export type RevokeApiKeyInput = z.infer<typeof RevokeApiKeyInput>;

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Queryable, admin: AdminContext): Promise<ApiKeySummary[]> {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.merchantId, admin.merchantId))
    .orderBy(desc(apiKeys.createdAt));
}

/** A new key for the admin's merchant. The secret is returned here once and never stored. */
export async function createApiKey(admin: AdminContext, input: CreateApiKeyInput): Promise<Result<{ key: string; summary: ApiKeySummary }>> {
  const refused = ownerOnly(admin);
  if (refused) return err(refused);
  const key = generateApiKey();
  const db = await getDb();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({ id: newId("apiKey"), merchantId: admin.merchantId, name: input.name, ...describeApiKey(key) })
      .returning();
    if (!created) throw new Error("api key insert returned nothing");
    await writeAudit(tx, admin, { action: "api_key.create", targetType: "api_key", targetId: created.id, details: { name: created.name, prefix: created.prefix } });
    return created;
  });
  return ok({ key, summary: { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null } });
}

/** Revoke one of the merchant's keys; requests with it fail from now on. Revoking twice is a no-op. */
export async function revokeApiKey(admin: AdminContext, input: RevokeApiKeyInput): Promise<Result<{ id: string }>> {
  const refused = ownerOnly(admin);
  if (refused) return err(refused);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.merchantId, admin.merchantId)))
      .limit(1);
    if (!existing) return err(notFound("API key"));
    if (existing.revokedAt) return ok({ id: existing.id });
    const now = new Date();
    await tx
      .update(apiKeys)
      .set({ revokedAt: now, updatedAt: now })
      .where(and(eq(apiKeys.id, existing.id), eq(apiKeys.merchantId, admin.merchantId), isNull(apiKeys.revokedAt)));
    await writeAudit(tx, admin, { action: "api_key.revoke", targetType: "api_key", targetId: existing.id, details: { name: existing.name } });
    return ok({ id: existing.id });
  });
}
