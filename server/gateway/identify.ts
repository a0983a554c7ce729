import { eq, inArray } from "drizzle-orm";
import { hashApiKey, looksLikeApiKey } from "../auth/api-key";
import { getDb } from "../db";
import { apiKeys, users } from "../db/schema";
import { getLogger } from "../logging/logger";
import type { KeyLimit } from "../billing/meter";
import { identifyAccessToken, looksLikeJwt } from "../oauth/verify-access-token";
import { GatewayError } from "./errors";
import { principalFromKey } from "./principal";

export interface Principal {
  userId: string;
  keyId: string;
  rpm: number | null;
  allowedModels: string[] | null;
  /** The key's spend limit, when it has one. */
  keyLimit?: KeyLimit;
  /** The key's tags, which routing rules match on. */
  tags?: string[];
}

/** A revoked or disabled key stops working everywhere within this many milliseconds. */
export const PRINCIPAL_CACHE_MS = 4_000;

type Cached = { principal: Principal | null; reason?: string; expiresAt: number };

const unauthorized = (message: string, code = "invalid_api_key") =>
  new GatewayError(401, message, "authentication_error", code);

function cache(): Map<string, Cached> {
  const g = globalThis as { __xrouterPrincipals?: Map<string, Cached> };
  g.__xrouterPrincipals ??= new Map();
  return g.__xrouterPrincipals;
}

async function lookup(hash: string): Promise<Cached> {
  const db = await getDb();
  const [row] = await db
    .select({ key: apiKeys, userDisabledAt: users.disabledAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.hash, hash));
  const expiresAt = Date.now() + PRINCIPAL_CACHE_MS;
  if (!row) return { principal: null, reason: "invalid API key", expiresAt };
  const { key } = row;
  if (key.revokedAt) return { principal: null, reason: "this API key has been revoked", expiresAt };
  if (key.disabledAt) return { principal: null, reason: "this API key is disabled", expiresAt };
  if (row.userDisabledAt) return { principal: null, reason: "this account is disabled", expiresAt };
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return { principal: null, reason: "this API key has expired", expiresAt };
  return {
    principal: { ...principalFromKey(key), tags: key.tags ?? [] },
    expiresAt: Math.min(expiresAt, key.expiresAt?.getTime() ?? Infinity),
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
        cache().set(hash, entry);
        return entry;
      })
      .finally(() => inflight.delete(hash));
    inflight.set(hash, pending);
  }
  return pending;
}

/** Identifies the caller from `Authorization: Bearer xr-…`; cached a few seconds so the hot path skips the database. */
/**
 * `scope` is what an OAuth access token must carry for the call (`chat` for completions and embeddings,
 * `usage:read` for usage and balance); API keys may do everything their owner may.
 */
export async function identify(authorization: string | undefined, scope = "chat"): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw unauthorized("missing API key: send Authorization: Bearer <key>", "missing_api_key");
  const key = match[1]!;
  // OAuth access tokens (JWTs) act as the grant's own key: charged to the user, capped by the grant.
  if (looksLikeJwt(key)) {
    const principal = await identifyAccessToken(key, { scope });
    markUsed(principal.keyId);
    return principal;
  }
  if (!looksLikeApiKey(key)) throw unauthorized("invalid API key format");
  const hash = hashApiKey(key);
  let entry = cache().get(hash);
  const now = Date.now();
  if (!entry || entry.expiresAt <= now) {
    entry = await refresh(hash);
  } else if (entry.expiresAt - now <= REFRESH_AHEAD_MS) {
    // Reloaded in the background shortly before expiry, so the hot path never waits for the database; an entry is
    // still never used past its expiry.
    refresh(hash).catch((err: unknown) => getLogger().warn({ err }, "could not refresh an API key"));
  }
  if (!entry.principal) throw unauthorized(entry.reason ?? "invalid API key");
  markUsed(entry.principal.keyId);
  return entry.principal;
}

// last_used_at is written in one batched UPDATE every few seconds, never per request.
const usedKeys = new Set<string>();
let flushTimer: NodeJS.Timeout | undefined;

function markUsed(keyId: string): void {
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
