import { v7 as uuidv7 } from "uuid";

// Our public ids: a readable prefix plus a time-ordered UUIDv7 in hex, so ids sort by
// creation (good index locality) and map one-to-one onto a UUID for providers that
// demand one (ON/RAMP's op_id).
export const ID_PREFIXES = {
  merchant: "mer",
  apiKey: "key",
  providerAccount: "pa",
  session: "cs",
  operation: "op",
  event: "ev",
  webhookEndpoint: "we",
  webhookEvent: "evt",
  webhookDelivery: "wd",
  webhookAttempt: "wa",
  demoWebhookReceipt: "dwr",
  adminUser: "adm",
  adminSession: "ads",
  audit: "aud",
  cardKey: "ck",
  responseKey: "rk",
  callbackDelivery: "cbd",
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${uuidv7().replaceAll("-", "")}`;
}

const ID_RE = /^([a-z]+)_([0-9a-f]{32})$/;

export function isId(kind: IdKind, value: string): boolean {
  const m = ID_RE.exec(value);
  return m !== null && m[1] === ID_PREFIXES[kind];
}

/** The UUID form of one of our ids (what we send as a provider-side idempotent id). */
export function uuidOf(id: string): string {
  const m = ID_RE.exec(id);
  if (!m?.[2]) throw new Error("not a prefixed id");
  const h = m[2];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Inverse of uuidOf for a known prefix. */
export function idFromUuid(kind: IdKind, uuid: string): string | null {
  const hex = uuid.toLowerCase().replaceAll("-", "");
  return /^[0-9a-f]{32}$/.test(hex) ? `${ID_PREFIXES[kind]}_${hex}` : null;
}
