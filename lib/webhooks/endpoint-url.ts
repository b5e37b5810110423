import ipaddr from "ipaddr.js";
import { z } from "zod";
import { refusesPrivateTargets } from "@/lib/env";
import { bareHost, isPublicAddress } from "./address-policy";

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|home\.arpa)$/i;

/**
 * Why a merchant-supplied webhook URL is unacceptable, or null. In production mode only
 * https to a public host is accepted; development (ALLOW_PRIVATE_NETWORK_TARGETS) also
 * takes http and loopback so the demo shop can receive its own webhooks. What a name
 * resolves to is checked again at every delivery (see send.ts): DNS can change after
 * the endpoint was saved.
 */
export function endpointUrlProblem(raw: string, productionMode = refusesPrivateTargets()): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Use an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https URL";
  if (productionMode && url.protocol !== "https:") return "Use an https URL";
  if (url.username !== "" || url.password !== "") return "URLs with credentials are not accepted";
  if (url.hash !== "") return "URLs with a fragment are not accepted";
  const host = bareHost(url.hostname);
  if (host === "") return "Use an absolute URL";
  if (productionMode) {
    if (ipaddr.isValid(host) && !isPublicAddress(host)) return "Private, loopback and link-local addresses are not accepted";
    if (LOCAL_NAMES.test(host) || !host.includes(".")) return "Use a public host name";
  }
  return null;
}

export const EndpointUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = endpointUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
