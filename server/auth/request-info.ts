import { headers } from "next/headers";
import { publicUrl } from "../services/accounts/public-url";

/** The caller's IP as the proxy in front reports it (first x-forwarded-for hop), for rate limits. */
export async function requestIp(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
}

/** The base URL for links in mail. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const proto = h.get("x-forwarded-proto") ?? "http";
  return publicUrl(host ? `${proto}://${host}` : undefined);
}
