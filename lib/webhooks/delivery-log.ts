import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookAttempt, type WebhookDelivery, type WebhookEndpoint, type WebhookEvent } from "@/db/schema";
import { isId } from "@/lib/ids";

// Read side of the delivery log for the admin: events newest first with their
// deliveries, one event with every attempt, and one endpoint's deliveries. Keyset
// pagination on the time-ordered ids keeps pages fast however long the log grows.
const PAGE = 50;

export interface DeliveryRow {
  delivery: WebhookDelivery;
  endpointUrl: string;
  eventType: string;
}

export async function listEvents(merchantId: string, options: { before?: string; limit?: number } = {}): Promise<{ events: Array<WebhookEvent & { deliveries: DeliveryRow[] }>; nextBefore: string | null }> {
  const db = await getDb();
  const limit = options.limit ?? PAGE;
  const events = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.merchantId, merchantId), options.before && isId("webhookEvent", options.before) ? lt(webhookEvents.id, options.before) : undefined))
    .orderBy(desc(webhookEvents.id))
    .limit(limit + 1);
  const page = events.slice(0, limit);
  const deliveries = page.length === 0 ? [] : await deliveriesWhere(merchantId, inArray(webhookDeliveries.eventId, page.map((e) => e.id)));
  return {
    events: page.map((e) => ({ ...e, deliveries: deliveries.filter((d) => d.delivery.eventId === e.id) })),
    nextBefore: events.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

async function deliveriesWhere(merchantId: string, condition: ReturnType<typeof eq>, options: { before?: string; limit?: number } = {}): Promise<DeliveryRow[]> {
  const db = await getDb();
  const rows = await db
    .select({ delivery: webhookDeliveries, endpointUrl: webhookEndpoints.url, eventType: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.merchantId, merchantId), condition, options.before && isId("webhookDelivery", options.before) ? lt(webhookDeliveries.id, options.before) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(options.limit ?? 500);
  return rows;
}

export interface EventDetail {
  event: WebhookEvent;
  deliveries: Array<DeliveryRow & { attempts: WebhookAttempt[] }>;
  endpoints: WebhookEndpoint[];
}

export async function getEventDetail(merchantId: string, eventId: string): Promise<EventDetail | null> {
  if (!isId("webhookEvent", eventId)) return null;
  const db = await getDb();
  const [event] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.merchantId, merchantId)))
    .limit(1);
  if (!event) return null;
  const deliveries = await deliveriesWhere(merchantId, eq(webhookDeliveries.eventId, event.id));
  const attempts = deliveries.length === 0 ? [] : await attemptsOf(merchantId, deliveries.map((d) => d.delivery.id));
  const endpoints = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.merchantId, merchantId))
    .orderBy(desc(webhookEndpoints.id));
  return {
    event,
    deliveries: deliveries.map((d) => ({ ...d, attempts: attempts.filter((a) => a.deliveryId === d.delivery.id) })),
    endpoints: endpoints.filter((e) => e.deletedAt === null),
  };
}

async function attemptsOf(merchantId: string, deliveryIds: string[]): Promise<WebhookAttempt[]> {
  const db = await getDb();
  return db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.merchantId, merchantId), inArray(webhookAttempts.deliveryId, deliveryIds)))
    .orderBy(asc(webhookAttempts.attemptedAt));
}

export async function getEndpointLog(
  merchantId: string,
  endpointId: string,
  options: { before?: string } = {},
): Promise<{ endpoint: WebhookEndpoint; deliveries: Array<DeliveryRow & { attempts: WebhookAttempt[] }>; nextBefore: string | null } | null> {
  if (!isId("webhookEndpoint", endpointId)) return null;
  const db = await getDb();
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.merchantId, merchantId)))
    .limit(1);
  if (!endpoint) return null;
  const rows = await deliveriesWhere(merchantId, eq(webhookDeliveries.endpointId, endpoint.id), { before: options.before, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE);
  const attempts = page.length === 0 ? [] : await attemptsOf(merchantId, page.map((d) => d.delivery.id));
  return {
    endpoint,
    deliveries: page.map((d) => ({ ...d, attempts: attempts.filter((a) => a.deliveryId === d.delivery.id) })),
    nextBefore: rows.length > PAGE ? (page[page.length - 1]?.delivery.id ?? null) : null,
  };
}
