import ipaddr from "ipaddr.js";
import { lookup as dnsLookup } from "node:dns/promises";

/**
 * Whether a server-side request may go to `address`. Only globally routed unicast
 * addresses pass: ipaddr.js names every special range (private, loopback, link-local,
 * CGNAT, multicast, unspecified, reserved, unique-local, …) and calls the rest
 * "unicast". An IPv4-mapped IPv6 address is judged by the IPv4 address inside it;
 * other translation prefixes (6to4, Teredo, NAT64) are refused because they can hide
 * any IPv4 target.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address into the IPv4 address it carries.
  return ipaddr.process(address).range() === "unicast";
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) => {
  const all = await dnsLookup(host, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedTargetError";
  }
}

/** Strips the brackets URL.hostname keeps around an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves `host` and returns the addresses to connect to, first choice first. When
 * private targets are refused, every resolved address must be public (a name that
 * answers with one private address among public ones is refused: the next resolution
 * could pick it). The caller connects only to these checked addresses, so a second,
 * different DNS answer (rebinding) never reaches the socket.
 */
export async function resolveTargets(host: string, options: { refusePrivate: boolean; resolve?: Resolver }): Promise<ResolvedAddress[]> {
  const name = bareHost(host);
  const literal = ipaddr.isValid(name) ? [{ address: name, family: (ipaddr.parse(name).kind() === "ipv6" ? 6 : 4) as 4 | 6 }] : null;
  const addresses = literal ?? (await (options.resolve ?? systemResolver)(name));
  if (addresses.length === 0) throw new RefusedTargetError(`${name} does not resolve`);
  if (options.refusePrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) throw new RefusedTargetError(`${name} resolves to a non-public address (${refused.address})`);
  }
  return addresses;
}

/** The first checked address (see resolveTargets). */
export async function resolveTarget(host: string, options: { refusePrivate: boolean; resolve?: Resolver }): Promise<ResolvedAddress> {
  const [first] = await resolveTargets(host, options);
  if (!first) throw new RefusedTargetError(`${bareHost(host)} does not resolve`);
  return first;
}
