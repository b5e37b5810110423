import type { Connector } from "@/lib/providers/types";
import { inSpan, PROVIDER_CALL } from "./tracer";

const CALLS = ["start", "resume", "lookupPayer", "quote", "parseCallback", "fetchStatus", "unchangedAmong", "cancel", "decide"] as const satisfies ReadonlyArray<keyof Connector>;

function operationIdOf(args: unknown[]): string | undefined {
  const op = args[1];
  return op && typeof op === "object" && "id" in op && typeof op.id === "string" ? op.id : undefined;
}

/**
 * The connector with a span around every call that goes to the provider
 * (`provider.<method>`), marked as provider time, so every provider is traced the same way
 * wherever the checkout calls it.
 */
export function tracedConnector(connector: Connector): Connector {
  const traced: Connector = { ...connector };
  for (const name of CALLS) {
    const call = connector[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!call) continue;
    (traced as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const operationId = operationIdOf(args);
      return inSpan(`provider.${name}`, { [PROVIDER_CALL]: true, "checkout.provider": connector.name, ...(operationId ? { "checkout.operation_id": operationId } : {}) }, () =>
        call.apply(connector, args),
      );
    };
  }
  return traced;
}
