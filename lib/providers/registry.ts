import { AppError } from "@/lib/errors";
import type { ProviderName } from "./names";
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

/** Providers whose payments can be looked up by our own id (see lookupByOwnId). */
export async function providersWithOwnIdLookup(): Promise<ProviderName[]> {
  const names = await availableProviders();
  const found: ProviderName[] = [];
  for (const name of names) if ((await getConnector(name)).capabilities.lookupByOwnId) found.push(name);
  return found;
}

export async function getConnector(name: ProviderName): Promise<Connector> {
  await import("./connectors");
  const load = connectors[name];
  if (!load) throw new AppError("provider_unavailable", "This payment method is not available right now.");
  return load();
}
