import { GatewayError } from "../core/errors";
import type { Principal } from "../core/principal";
import type { RateCount } from "../store/types";

const WINDOW_MS = 60_000;

/**
 * Requests per minute per key, counted in the shared store (fixed one-minute windows): the counter this request
 * adds to, counted with its admission (see admitRequest). Undefined for a key without a limit.
 */
export function rpmCount(principal: Principal): RateCount | undefined {
  if (!principal.rpm) return undefined;
  // The counter outlives its window by a second, so a request at the window's very end still finds it.
  return { key: `rpm:${principal.keyId}:${Math.floor(Date.now() / WINDOW_MS)}`, limit: principal.rpm, windowMs: WINDOW_MS + 1_000 };
}

/** The key's rate-limit headers after `count` requests this minute; 429 with Retry-After once past the limit. */
export function rpmHeaders(principal: Principal, count: number): Record<string, string> {
  const rpm = principal.rpm!;
  const resetSeconds = 60 - Math.floor((Date.now() / 1000) % 60);
  const headers = {
    "x-ratelimit-limit-requests": String(rpm),
    "x-ratelimit-remaining-requests": String(Math.max(0, rpm - count)),
    "x-ratelimit-reset-requests": `${resetSeconds}s`,
  };
  if (count > rpm) {
    throw new GatewayError(
      429,
      `rate limit of ${rpm} requests per minute reached for this key; retry in ${resetSeconds} s`,
      "rate_limit_error",
      "rate_limit_exceeded",
      null,
      { ...headers, "retry-after": String(resetSeconds) },
    );
  }
  return headers;
}
