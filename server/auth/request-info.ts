import { headers } from "next/headers";
import { getConfig } from "../config";
import { CLIENT_IP_HEADER, stampedClientIp } from "../net/client-ip";
import { publicUrl } from "../core/public-url";
import type { RequestSource } from "../services/audit/kinds";

/** The caller's IP as server.ts computed it (trusted proxies honoured), for rate limits and the audit log. */
export async function requestIp(): Promise<string> {
  return stampedClientIp((await headers()).get(CLIENT_IP_HEADER));
}

/** The caller's IP and user agent, for the audit log. */
export async function requestSource(): Promise<RequestSource> {
  const h = await headers();
  return { ip: await requestIp(), userAgent: h.get("user-agent") ?? undefined };
}

/**
 * Where this browser reached us (XROUTER_PUBLIC_URL when set), to send the same browser back here, e.g. from the
 * payment page. Never for mail: the request's sender chooses these headers (mail links use publicUrl()).
 */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (getConfig().XROUTER_PUBLIC_URL || !host) return publicUrl();
  return `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
}
