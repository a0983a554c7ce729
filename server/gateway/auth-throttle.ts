import { getLogger } from "../logging/logger";
import { getMetrics } from "../metrics/registry";
import { getStore } from "../store";
import { GatewayError } from "../core/errors";

/** Failed authentications one IP may make within the window; past them, the IP is refused for `blockMs`. */
export const authThrottleSettings = { maxFailures: 20, windowMs: 5 * 60_000, blockMs: 15 * 60_000 };

/**
 * IPs this instance knows to be blocked, and until when. Checked in memory, so a request with a valid key pays
 * no store round trip; another instance learns of a block at the next failure it sees from that IP.
 */
const blockedUntil = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

function remember(ip: string, until: number): void {
  if (blockedUntil.size >= MAX_REMEMBERED) {
    const now = Date.now();
    for (const [known, end] of blockedUntil) if (end <= now) blockedUntil.delete(known);
    // Still full (a flood from many addresses): the oldest block is forgotten; the store still has it.
    if (blockedUntil.size >= MAX_REMEMBERED) blockedUntil.delete(blockedUntil.keys().next().value!);
  }
  blockedUntil.set(ip, until);
}

function tooManyFailures(until: number): GatewayError {
  const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  getMetrics().blockedRequests.inc({ reason: "auth_failures" });
  return new GatewayError(
    429,
    `too many failed authentication attempts from this address; retry in ${seconds} s`,
    "rate_limit_error",
    "too_many_auth_failures",
    null,
    { "retry-after": String(seconds) },
  );
}

/** Refuses, before anything else, a caller this instance has blocked. */
export function assertNotBlocked(ip: string | undefined): void {
  if (!ip) return;
  const until = blockedUntil.get(ip);
  if (until === undefined) return;
  if (until > Date.now()) throw tooManyFailures(until);
  blockedUntil.delete(ip);
}

/**
 * After a 401: counts the failure for the caller's IP in the shared store. Past the limit the IP is blocked for
 * every instance and the answer becomes a 429 with Retry-After; otherwise it stays the 401.
 */
export async function countAuthFailure(ip: string | undefined, error: GatewayError): Promise<GatewayError> {
  getMetrics().authFailures.inc();
  if (!ip) return error;
  const { maxFailures, windowMs, blockMs } = authThrottleSettings;
  try {
    const store = getStore();
    if ((await store.incr(`authfail:${ip}`, 1, windowMs)) <= maxFailures) return error;
    const blockKey = `authblock:${ip}`;
    let ttl = await store.ttl(blockKey);
    if (ttl <= 0) {
      await store.set(blockKey, "1", blockMs);
      ttl = blockMs;
    }
    const until = Date.now() + ttl;
    remember(ip, until);
    return tooManyFailures(until);
  } catch (err) {
    // The count protects us; it is not the answer: without the store the caller still gets its 401.
    getLogger().warn({ err }, "could not count a failed authentication");
    return error;
  }
}
