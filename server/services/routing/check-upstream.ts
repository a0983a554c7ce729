import { X509Certificate } from "node:crypto";
import { getConfig } from "../../config";
import { EgressRefusedError, resolveAllowed } from "../../net/egress-guard";
import { AccountInputError } from "./account-input";

const URL_FIELDS = ["baseUrl", "authUrl", "iamUrl"] as const;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Checks an admin's endpoint settings before they are sealed: https in production (plain http only where private
 * upstreams are allowed, for a vLLM on the local network), hosts that resolve to addresses the egress guard allows,
 * and certificates that parse. A host that does not resolve now is let through: the guard checks every connection
 * anyway, so this check is for a clear answer at save time, not the protection itself.
 */
export async function checkUpstreamSettings(settings: Record<string, unknown>): Promise<void> {
  const config = getConfig();
  const policy = { allowPrivate: config.XROUTER_ALLOW_PRIVATE_UPSTREAMS };
  for (const field of URL_FIELDS) {
    const value = settings[field];
    if (typeof value !== "string") continue;
    const url = new URL(value);
    if (url.protocol !== "https:" && config.NODE_ENV === "production" && !policy.allowPrivate)
      throw new AccountInputError("invalid_credentials", `${field}: must be an https URL`);
    try {
      await resolveAllowed(url.hostname, policy);
    } catch (err) {
      if (err instanceof EgressRefusedError) throw new AccountInputError("invalid_credentials", `${field}: ${err.message}`);
    }
  }
  if (typeof settings.caBundle === "string") {
    try {
      for (const pem of settings.caBundle.match(PEM_BLOCK) ?? []) new X509Certificate(pem);
    } catch {
      throw new AccountInputError("invalid_credentials", "caBundle: the certificates do not parse");
    }
  }
}
