import { eq, type Column, type SQL } from "drizzle-orm";

/**
 * The condition that keeps a background pass (reconciliation, the step worker, the callback
 * applier) to one merchant's rows, or none when no merchant is given. Passes run over every
 * merchant; tests that share one database pass their own so as not to act on each other's rows.
 */
export function onlyMerchant(column: Column, merchantId: string | undefined): SQL | undefined {
  return merchantId === undefined ? undefined : eq(column, merchantId);
}
