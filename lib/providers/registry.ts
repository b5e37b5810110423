import { AppError, type FieldError } from "@/lib/errors";
import type { ProviderName } from "./names";
import { tracedConnector } from "@/lib/telemetry/traced-connector";
import type { Connector } from "./types";

// Connectors register here, one line each; nothing outside lib/providers/<name>/ knows
// a provider's wire format.
const connectors: Partial<Record<ProviderName, () => Promise<Connector>>> = {};

export function registerConnector(name: ProviderName, load: () => Promise<Connector>): void {
  connectors[name] = load;
}

/** Providers that have a connector, in the order they registered. */
export async function availableProviders(): Promise<ProviderName[]> {
  await import("./connectors");
  return Object.keys(connectors) as ProviderName[];
}

/**
 * Why a session for this provider, currency and amount could never be paid, as field
 * errors the merchant API returns at creation; empty when it can. Each connector declares
 * what it takes, so the checkout never accepts an order every Pay would then refuse.
 */
export async function unpayableBecause(provider: ProviderName, order: { currency: string }): Promise<FieldError[]> {
  await import("./connectors");
  const load = connectors[provider];
  if (!load) return [{ path: "provider", message: `Payments through ${provider} are not available` }];
  const { currencies } = (await load()).capabilities;
  if (currencies !== "any" && !currencies.includes(order.currency)) {
    return [{ path: "currency", message: `${provider} takes payments in ${currencies.join(", ")} only` }];
  }
  return [];
}

export async function getConnector(name: ProviderName): Promise<Connector> {
  await import("./connectors");
  const load = connectors[name];
  if (!load) throw new AppError("provider_unavailable", "This payment method is not available right now.");
  return tracedConnector(await load());
}
