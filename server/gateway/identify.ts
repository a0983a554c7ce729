import { eq, inArray } from "drizzle-orm";
import { hashApiKey, looksLikeApiKey } from "../core/api-key";
import { LruMap } from "../cache/lru-map";
import { getDb } from "../db";
import { apiKeys } from "../db/schema";
import { selectKeyWithMember } from "../db/key-with-member";
import { getLogger } from "../logging/logger";
import { UNKNOWN_CLIENT_IP } from "../net/client-ip";
import { identifyAccessToken, looksLikeJwt } from "../oauth/verify-access-token";
import { getMetrics } from "../metrics/registry";
import { GatewayError } from "../core/errors";
import { keyRefusal, principalFromKey, type Principal } from "../core/principal";

/** A revoked or disabled key stops working everywhere within this many milliseconds. */
export const PRINCIPAL_CACHE_MS = 4_000;

type Cached = { principal: Principal | null; reason?: string; expiresAt: number };

const unauthorized = (message: string, code = "invalid_api_key") =>
  new GatewayError(401, message, "authentication_error", code);

/** Usable keys kept in memory at most; the least recently used is forgotten first. */
const MAX_USABLE_KEYS = 10_000;
/**
 * Refused keys (unknown, revoked, disabled, expired) have a cache of their own, small and short-lived: a flood of
 * made-up keys costs at most this many entries and never pushes a usable key out.
 */
const MAX_REFUSED_KEYS = 1_000;
const REFUSED_KEY_CACHE_MS = 2_000;

interface KeyCaches {
  usable: LruMap<string, Cached>;
  refused: LruMap<string, Cached>;
  /** Presented key → its hash: the HMAC is the dearest step of a cached lookup. A key's hash never changes. */
  hashes: LruMap<string, string>;
}

function caches(): KeyCaches {
  const g = globalThis as { __xrouterPrincipals?: KeyCaches };
  g.__xrouterPrincipals ??= {
    usable: new LruMap(MAX_USABLE_KEYS),
    refused: new LruMap(MAX_REFUSED_KEYS),
    hashes: new LruMap(MAX_USABLE_KEYS + MAX_REFUSED_KEYS),
  };
  return g.__xrouterPrincipals;
}

function hashOf(key: string): string {
  const { hashes } = caches();
  let hash = hashes.get(key);
  if (hash === undefined) {
    hash = hashApiKey(key);
    hashes.set(key, hash);
  }
  return hash;
}

/** How many keys are cached, usable and refused (tests). */
export function cachedKeyCounts(): { usable: number; refused: number } {
  const { usable, refused } = caches();
  return { usable: usable.size, refused: refused.size };
}

function remember(hash: string, entry: Cached): void {
  const { usable, refused } = caches();
  if (entry.principal) {
    refused.delete(hash);
    usable.set(hash, entry);
  } else {
    usable.delete(hash);
    refused.set(hash, entry);
  }
}

const refusal = (reason: string): Cached => ({ principal: null, reason, expiresAt: Date.now() + REFUSED_KEY_CACHE_MS });

async function lookup(hash: string): Promise<Cached> {
  const db = await getDb();
  // An organization's key brings the monthly limit of the member who made it, in the same query.
  const [row] = await selectKeyWithMember(db)
    .where(eq(apiKeys.hash, hash));
  const reason = keyRefusal(row);
  if (reason || !row) return refusal(reason ?? "invalid API key");
  const { key } = row;
  return {
    principal: { ...principalFromKey(key, row.memberLimitMicro), tags: key.tags ?? [] },
    expiresAt: Math.min(Date.now() + PRINCIPAL_CACHE_MS, key.expiresAt?.getTime() ?? Infinity),
  };
}

/** How long before expiry a cached key is reloaded in the background. */
const REFRESH_AHEAD_MS = 1_000;

/** One database lookup at a time per key hash: requests that arrive while it runs share it. */
const inflight = new Map<string, Promise<Cached>>();

function refresh(hash: string): Promise<Cached> {
  let pending = inflight.get(hash);
  if (!pending) {
    pending = lookup(hash)
      .then((entry) => {
        remember(hash, entry);
        return entry;
      })
      .finally(() => inflight.delete(hash));
    inflight.set(hash, pending);
  }
  return pending;
}

/** A key with an IP allowlist answers only callers from those addresses; an unknown address (`next dev`) is refused. */
function assertAllowedFrom(principal: Principal, clientIp: string | undefined): void {
  if (principal.allowedIps && !principal.allowedIps.has(clientIp ?? UNKNOWN_CLIENT_IP)) {
    getMetrics().blockedRequests.inc({ reason: "ip_not_allowed" });
    throw new GatewayError(403, `this API key may not be used from ${clientIp ?? "an unknown address"}`, "permission_error", "ip_not_allowed");
  }
}

/**
 * Identifies the caller from `Authorization: Bearer xr-…`; cached a few seconds so the hot path skips the database.
 * `scope` is what an OAuth access token must carry for the call (`chat` for completions and embeddings,
 * `usage:read` for usage and balance); API keys may do everything their owner may. `clientIp` is checked against
 * the key's IP allowlist.
 */
export async function identify(authorization: string | undefined, scope = "chat", clientIp?: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw unauthorized("missing API key: send Authorization: Bearer <key>", "missing_api_key");
  const key = match[1]!;
  // OAuth access tokens (JWTs) act as the grant's own key: charged to the user, capped by the grant.
  if (looksLikeJwt(key)) {
    const principal = await identifyAccessToken(key, { scope });
    assertAllowedFrom(principal, clientIp);
    markKeyUsed(principal.keyId);
    return principal;
  }
  if (!looksLikeApiKey(key)) throw unauthorized("invalid API key format");
  const hash = hashOf(key);
  const { usable, refused } = caches();
  let entry = usable.get(hash) ?? refused.get(hash);
  const now = Date.now();
  if (!entry || entry.expiresAt <= now) {
    entry = await refresh(hash);
  } else if (entry.principal && entry.expiresAt - now <= REFRESH_AHEAD_MS) {
    // Reloaded in the background shortly before expiry, so the hot path never waits for the database; an entry is
    // still never used past its expiry.
    refresh(hash).catch((err: unknown) => getLogger().warn({ err }, "could not refresh an API key"));
  }
  if (!entry.principal) throw unauthorized(entry.reason ?? "invalid API key");
  assertAllowedFrom(entry.principal, clientIp);
  markKeyUsed(entry.principal.keyId);
  return entry.principal;
}

// last_used_at is written in one batched UPDATE every few seconds, never per request.
const usedKeys = new Set<string>();
let flushTimer: NodeJS.Timeout | undefined;

/** Records a key's use (its "last used" on the keys page); the playground calls it for its own key. */
export function markKeyUsed(keyId: string): void {
  usedKeys.add(keyId);
  flushTimer ??= setTimeout(() => void flushLastUsed(), 5_000).unref();
}

export async function flushLastUsed(): Promise<void> {
  flushTimer = undefined;
  if (usedKeys.size === 0) return;
  const ids = [...usedKeys];
  usedKeys.clear();
  try {
    const db = await getDb();
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(inArray(apiKeys.id, ids));
  } catch (err) {
    getLogger().warn({ err }, "could not record key last use");
  }
}
