import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { RefusedTargetError, bareHost, resolveTargets, type Resolver } from "./address-policy";

export const DELIVERY_TIMEOUT_MS = 15_000;

export interface SendOutcome {
  status: number | null;
  durationMs: number;
  error: string | null;
  refused: boolean;
}

function describe(e: unknown): string {
  if (e instanceof RefusedTargetError) return `refused: ${e.message}`;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code}: ${e.message}` : e.message;
  }
  return "unknown error";
}

/**
 * POST `body` to `url` once. The host is resolved and checked first (see
 * address-policy.ts), and the socket connects to exactly that address through a pinned
 * lookup, so a DNS answer that changes between check and connect cannot redirect the
 * request. Redirects are never followed (node:http does not), the whole exchange is
 * bounded by `timeoutMs`, and the response body is not read.
 */
export async function sendOnce(args: {
  url: string;
  headers: Record<string, string>;
  body: string;
  refusePrivate: boolean;
  timeoutMs?: number;
  resolve?: Resolver;
}): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = args.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const target = new URL(args.url);
  const host = bareHost(target.hostname);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const pinned = await Promise.race([resolveTargets(host, { refusePrivate: args.refusePrivate, resolve: args.resolve }), deadline]);
    // Node asks for all addresses when it races IPv6 and IPv4 (autoSelectFamily); either
    // way it only ever gets the addresses checked above.
    const lookup = ((_hostname, options, callback) => {
      const wanted = options.family === 4 || options.family === 6 ? pinned.filter((a) => a.family === options.family) : pinned;
      const list = wanted.length > 0 ? wanted : pinned;
      if (options.all) callback(null, list.map((a) => ({ address: a.address, family: a.family })));
      else {
        const first = list[0];
        if (first) callback(null, first.address, first.family);
        else callback(new Error("no address"), "", 4);
      }
    }) as LookupFunction;
    const transport = target.protocol === "https:" ? https : http;
    const status = await Promise.race([
      new Promise<number>((resolve, reject) => {
        const req = transport.request(
          {
            method: "POST",
            host,
            port: target.port === "" ? undefined : Number(target.port),
            path: `${target.pathname}${target.search}`,
            headers: { ...args.headers, "content-length": String(Buffer.byteLength(args.body)) },
            lookup,
            agent: false,
          },
          (res) => {
            resolve(res.statusCode ?? 0);
            res.destroy();
          },
        );
        req.on("error", reject);
        deadline.catch((e: unknown) => req.destroy(e instanceof Error ? e : undefined));
        req.end(args.body);
      }),
      deadline,
    ]);
    return { status, durationMs: elapsed(), error: null, refused: false };
  } catch (e) {
    return { status: null, durationMs: elapsed(), error: describe(e), refused: e instanceof RefusedTargetError };
  } finally {
    clearTimeout(timer);
  }
}
