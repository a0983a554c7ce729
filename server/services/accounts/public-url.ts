import { getConfig } from "../../config";

/** The base URL for links in mail: XROUTER_PUBLIC_URL, else the address the request came in on. */
export function publicUrl(requestOrigin?: string): string {
  return (getConfig().XROUTER_PUBLIC_URL ?? requestOrigin ?? `http://localhost:${getConfig().PORT}`).replace(/\/+$/, "");
}
