import { getStore } from "../store";
import { GatewayError } from "../core/errors";
import type { Principal } from "../core/principal";

const currentWindow = () => Math.floor(Date.now() / 60_000);

/** The count each key's last request saw in its window, in this process. */
const lastSeen = new Map<string, { window: number; count: number }>();

/** True when this key's last request left it within 10 % of its limit this minute. */
export function nearRpmLimit(principal: Principal): boolean {
  const seen = lastSeen.get(principal.keyId);
  return !!principal.rpm && seen?.window === currentWindow() && seen.count >= principal.rpm * 0.9 - 1;
}

/** Requests per minute per key, counted in the shared store (fixed one-minute windows). */
export async function enforceRpm(principal: Principal): Promise<Record<string, string>> {
  if (!principal.rpm) return {};
  const window = currentWindow();
  const count = await getStore().incr(`rpm:${principal.keyId}:${window}`, 1, 61_000);
  lastSeen.set(principal.keyId, { window, count });
  const resetSeconds = 60 - Math.floor((Date.now() / 1000) % 60);
  const headers = {
    "x-ratelimit-limit-requests": String(principal.rpm),
    "x-ratelimit-remaining-requests": String(Math.max(0, principal.rpm - count)),
    "x-ratelimit-reset-requests": `${resetSeconds}s`,
  };
  if (count > principal.rpm) {
    throw new GatewayError(
      429,
      `rate limit of ${principal.rpm} requests per minute reached for this key; retry in ${resetSeconds} s`,
      "rate_limit_error",
      "rate_limit_exceeded",
      null,
      { ...headers, "retry-after": String(resetSeconds) },
    );
  }
  return headers;
}
