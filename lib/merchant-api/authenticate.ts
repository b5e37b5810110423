import type { Merchant } from "@/db/schema";
import { ok, type Result } from "@/lib/result";
import { authorizeApiRequest } from "./authorize";

/** The merchant behind an `Authorization: Bearer <api key>` header, without counting a request. */
export async function authenticateMerchant(authorization: string | null): Promise<Result<Merchant>> {
  const authorized = await authorizeApiRequest({ authorization, idempotencyKey: null, rate: null });
  return authorized.ok ? ok(authorized.value.merchant) : authorized;
}
