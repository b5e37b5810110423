import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys, merchants, type Merchant } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";
import { err, ok, type Result } from "@/lib/result";

const BEARER = /^Bearer\s+(\S+)$/i;

/** The merchant behind an `Authorization: Bearer <api key>` header. */
export async function authenticateMerchant(authorization: string | null): Promise<Result<Merchant>> {
  const m = authorization ? BEARER.exec(authorization.trim()) : null;
  const unauthenticated = new AppError("unauthenticated", "Send a valid API key as `Authorization: Bearer <key>`.");
  if (!m?.[1]) return err(unauthenticated);
  const db = await getDb();
  const [row] = await db
    .select({ merchant: merchants, keyId: apiKeys.id })
    .from(apiKeys)
    .innerJoin(merchants, eq(merchants.id, apiKeys.merchantId))
    .where(and(eq(apiKeys.keyHash, sha256Hex(m[1])), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return err(unauthenticated);
  // Last use is kept to the minute so a busy key does not write on every request.
  const minuteAgo = new Date(Date.now() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
  return ok(row.merchant);
}
