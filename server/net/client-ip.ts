import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { getConfig } from "../config";
import { ipRanges, type IpRanges } from "./ip-ranges";

/** The header server.ts stamps on requests it hands to Next, carrying the client IP it computed. */
export const CLIENT_IP_HEADER = "x-xrouter-client-ip";

/** The client IP where there is no socket to ask (`next dev`): it matches no allow or deny list. */
export const UNKNOWN_CLIENT_IP = "unknown";

const MAPPED_IPV4 = "::ffff:";

/** A dual-stack socket reports an IPv4 client as `::ffff:192.0.2.1`: one client, one spelling in limits and logs. */
function plainAddress(address: string): string {
  return address.startsWith(MAPPED_IPV4) && address.includes(".") ? address.slice(MAPPED_IPV4.length) : address;
}

/**
 * The client's IP: the socket peer's address, or, when the peer is a trusted proxy, the right-most
 * X-Forwarded-For hop that is not itself trusted. Hops left of that one were written by the client and are
 * never believed. When every hop is trusted, the left-most one.
 */
export function clientIp(peer: string | undefined, forwardedFor: string | undefined, trusted: IpRanges | null): string {
  if (!peer) return UNKNOWN_CLIENT_IP;
  let nearest = plainAddress(peer);
  if (!trusted || !forwardedFor || !trusted.has(nearest)) return nearest;
  let end = forwardedFor.length;
  while (end > 0) {
    const comma = forwardedFor.lastIndexOf(",", end - 1);
    const hop = forwardedFor.slice(comma + 1, end).trim();
    // Not an address, so not written by a proxy we trust: the nearest trusted hop is the last thing known for sure.
    if (isIP(hop) === 0) return nearest;
    nearest = plainAddress(hop);
    if (!trusted.has(nearest)) return nearest;
    end = comma;
  }
  return nearest;
}

/** XROUTER_TRUSTED_PROXIES, built once per module graph. */
let trustedProxies: IpRanges | null | undefined;

export function getTrustedProxies(): IpRanges | null {
  if (trustedProxies === undefined) trustedProxies = ipRanges(getConfig().XROUTER_TRUSTED_PROXIES);
  return trustedProxies;
}

/** The client IP of a node:http request: compute it once per request and hand it on. */
export function requestClientIp(req: IncomingMessage): string {
  const forwardedFor = req.headers["x-forwarded-for"];
  return clientIp(
    req.socket.remoteAddress,
    Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    getTrustedProxies(),
  );
}

type StampFlag = { __xrouterClientIpStamped?: boolean };

/**
 * server.ts, before handing a request to Next (where the socket is out of reach): assigning the header replaces
 * any copy the client sent (Next reads `req.headers`, never `rawHeaders`). It also marks the process as one whose
 * Next requests are all stamped, so stampedClientIp believes the header; Next's own module graph shares globalThis.
 */
export function stampClientIp(req: IncomingMessage, ip: string): void {
  req.headers[CLIENT_IP_HEADER] = ip;
  (globalThis as StampFlag).__xrouterClientIpStamped = true;
}

/**
 * Inside Next (route handlers, server actions, next-auth): the client IP server.ts stamped. Without server.ts in
 * front (`next dev`) nothing stamps it and a client could send the header itself, so the answer is
 * UNKNOWN_CLIENT_IP: no socket address is available there to do better.
 */
export function stampedClientIp(header: unknown): string {
  return (globalThis as StampFlag).__xrouterClientIpStamped === true && typeof header === "string" && header !== ""
    ? header
    : UNKNOWN_CLIENT_IP;
}
