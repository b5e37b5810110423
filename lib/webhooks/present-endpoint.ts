import type { WebhookEndpoint } from "@/db/schema";

/** The merchant API's JSON for an endpoint. The secret is never part of it (see create/rotate). */
export function presentEndpoint(e: WebhookEndpoint, now: Date = new Date()) {
  const overlap = e.previousSecretSealed !== null && e.previousSecretExpiresAt !== null && e.previousSecretExpiresAt > now;
  return {
    id: e.id,
    object: "webhook_endpoint" as const,
    url: e.url,
    description: e.description,
    enabled: e.enabled,
    disabled_reason: e.enabled ? null : e.disabledReason,
    previous_secret_expires_at: overlap && e.previousSecretExpiresAt ? e.previousSecretExpiresAt.toISOString() : null,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}
export type EndpointJson = ReturnType<typeof presentEndpoint>;
export type EndpointWithSecretJson = EndpointJson & { secret: string };
