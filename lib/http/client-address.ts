import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { PEER_ADDRESS_HEADER } from "./peer-header";

// Who is on the other end of a request. The socket's peer is the only address nobody but
// the network can choose; X-Forwarded-For is believed for exactly TRUSTED_PROXY_HOPS
// entries, counted from the right, because each trusted proxy appends the address it saw
// and anything further left was written by the client.

/** The address used when the request did not come through our server (misdeployment). */
export const UNKNOWN_CLIENT = "unknown";

type HeaderSource = Headers | Record<string, unknown> | undefined;

function headerOf(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return typeof v === "string" ? v : Array.isArray(v) ? v.filter((x) => typeof x === "string").join(", ") : undefined;
}

/** One address in canonical text form (IPv4-mapped IPv6 unwrapped), or null if it is not one. */
export function normalizeAddress(raw: string): string | null {
  let v = raw.trim();
  // Some proxies write "[v6]:port" or "v4:port".
  const close = v.indexOf("]");
  if (v.startsWith("[") && close > 0) v = v.slice(1, close);
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  if (ipaddr.IPv4.isValidFourPartDecimal(v)) return ipaddr.IPv4.parse(v).toString();
  if (!ipaddr.IPv6.isValid(v)) return null;
  const addr = ipaddr.IPv6.parse(v);
  return addr.isIPv4MappedAddress() ? addr.toIPv4Address().toString() : addr.toString();
}

let warned = false;

/**
 * The client's address: the socket peer, or with N trusted proxy hops the N-th
 * X-Forwarded-For entry from the right. If the header holds fewer entries than there are
 * trusted hops, the leftmost one is the best any trusted proxy could tell.
 */
export function clientAddress(headers: HeaderSource, trustedHops: number = env.TRUSTED_PROXY_HOPS): string {
  const peer = normalizeAddress(headerOf(headers, PEER_ADDRESS_HEADER) ?? "");
  if (!peer) {
    if (!warned) {
      warned = true;
      log.error("request without a peer address: the app must be served by scripts/serve.ts (npm start)", { header: PEER_ADDRESS_HEADER });
    }
    return UNKNOWN_CLIENT;
  }
  const forwarded = (headerOf(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  let client = peer;
  for (let hop = 0; hop < trustedHops; hop++) {
    const entry = forwarded.pop();
    if (entry === undefined) break;
    const address = normalizeAddress(entry);
    // A trusted proxy never writes garbage; if one did, stop at the last address we trust.
    if (!address) break;
    client = address;
  }
  return client;
}

/** What the server itself sees of a browser: its address and the headers 3-D Secure asks for. */
export interface BrowserClient {
  ip: string;
  userAgent: string;
  accept: string;
}

export function payClientFrom(headers: Headers): BrowserClient {
  return {
    ip: clientAddress(headers),
    userAgent: headers.get("user-agent")?.slice(0, 1000) ?? "",
    accept: headers.get("accept")?.slice(0, 1000) ?? "*/*",
  };
}
