import { CLIENT_IP_HEADER, stampedClientIp } from "./client-ip";
import { IpRanges } from "./ip-ranges";

const LOOPBACK = new IpRanges(["127.0.0.0/8", "::1"]);

/** Where a proxy names the client it relays. Next fills x-forwarded-for with the socket's peer when it is absent. */
const RELAY_HEADERS = ["x-forwarded-for", "x-real-ip"];

/**
 * Whether a request inside Next comes from this machine: the client IP server.ts stamped is loopback, and no proxy
 * header names anyone else. A reverse proxy on this machine connects from loopback for every remote client; unless
 * it is listed in XROUTER_TRUSTED_PROXIES, only its headers tell those clients apart.
 */
export function isLocalRequest(headers: Headers): boolean {
  return isLocalClient(stampedClientIp(headers.get(CLIENT_IP_HEADER)), (name) => headers.get(name) ?? undefined);
}

/** isLocalRequest where the client IP is at hand (server.ts, before a request reaches Next). */
export function isLocalClient(clientIp: string, header: (name: string) => string | undefined): boolean {
  const relayed = RELAY_HEADERS.flatMap((name) => header(name)?.split(",") ?? []).map((hop) => hop.trim());
  return [clientIp, ...relayed].every((ip) => LOOPBACK.has(ip));
}
