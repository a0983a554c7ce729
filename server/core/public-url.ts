import { getConfig } from "../config";

/**
 * The base URL for links in mail and the OAuth issuer: XROUTER_PUBLIC_URL, else the address this server listens
 * on. Never the request's Host or X-Forwarded-Host: whoever sends the request chooses those, and a reset link
 * mailed to someone else must not lead to the sender's site.
 */
export function publicUrl(): string {
  return (getConfig().XROUTER_PUBLIC_URL ?? `http://localhost:${getConfig().PORT}`).replace(/\/+$/, "");
}
