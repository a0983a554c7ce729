import { getDb } from "../db";
import { GatewayError } from "../core/errors";
import type { Principal } from "../core/principal";
import { principalFromKey } from "../core/principal";
import { AccessTokenError, verifyAccessTokenJwt, type AccessTokenClaims } from "./access-token";
import { claimsMatchGrant, grantState } from "./grant-state";

/** Like API keys: a revoked grant or key stops working everywhere within this many milliseconds. */
export const ACCESS_TOKEN_CACHE_MS = 4_000;
const MAX_CACHED = 10_000;

type Cached = { principal: Principal | null; reason: string; claims?: AccessTokenClaims; expiresAt: number };

function cache(): Map<string, Cached> {
  const g = globalThis as { __xrouterAccessTokens?: Map<string, Cached> };
  g.__xrouterAccessTokens ??= new Map();
  return g.__xrouterAccessTokens;
}

/** Forgets cached verdicts (tests). */
export function clearAccessTokenCache(): void {
  cache().clear();
}

const bearerChallenge = (error: string, description: string, scope?: string) => ({
  "www-authenticate": `Bearer error="${error}", error_description="${description.replace(/"/g, "'")}"${scope ? `, scope="${scope}"` : ""}`,
});

const unauthorized = (message: string) =>
  new GatewayError(401, message, "authentication_error", "invalid_access_token", null, bearerChallenge("invalid_token", message));

/** A JWT has exactly two dots (three base64url parts); API keys (`xr-…`) never do. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

async function lookup(token: string, now: Date): Promise<Cached> {
  const db = await getDb();
  const cacheUntil = now.getTime() + ACCESS_TOKEN_CACHE_MS;
  let claims: AccessTokenClaims;
  try {
    claims = await verifyAccessTokenJwt(db, token, now);
  } catch (err) {
    const reason = err instanceof AccessTokenError ? err.message : "invalid access token";
    return { principal: null, reason, expiresAt: cacheUntil };
  }
  const state = await grantState(db, claims.grant_id, now);
  if (!state.ok) return { principal: null, reason: state.reason, expiresAt: cacheUntil };
  if (!claimsMatchGrant(claims, state)) return { principal: null, reason: "this access token no longer matches its authorization", expiresAt: cacheUntil };
  return {
    principal: { ...principalFromKey(state.key), grantId: state.grant.id },
    reason: "",
    claims,
    expiresAt: Math.min(cacheUntil, claims.exp * 1000),
  };
}

/**
 * Identifies the caller from an OAuth access token (a JWT from POST /oauth/token): signature, kid, typ,
 * iss, aud and exp are verified, then the grant must be live and its key usable. The principal is the
 * grant's key, so spending is charged to the user, counted against the grant's cap and attributed to the
 * app. `scope` (default `chat`) must be among the token's scopes. Verdicts are cached a few seconds.
 */
export async function identifyAccessToken(token: string, options: { scope?: string; now?: Date } = {}): Promise<Principal> {
  const now = options.now ?? new Date();
  const scope = options.scope ?? "chat";
  if (!looksLikeJwt(token)) throw unauthorized("malformed access token");
  const store = cache();
  let entry = store.get(token);
  if (!entry || entry.expiresAt <= now.getTime()) {
    if (store.size >= MAX_CACHED) {
      for (const [k, v] of store) if (v.expiresAt <= now.getTime()) store.delete(k);
      if (store.size >= MAX_CACHED) store.clear();
    }
    entry = await lookup(token, now);
    store.set(token, entry);
  }
  if (!entry.principal) throw unauthorized(entry.reason);
  const scopes = entry.claims?.scope.split(" ") ?? [];
  if (!scopes.includes(scope)) {
    const message = `this access token lacks the '${scope}' scope`;
    throw new GatewayError(403, message, "permission_error", "insufficient_scope", null, bearerChallenge("insufficient_scope", message, scope));
  }
  return entry.principal;
}
