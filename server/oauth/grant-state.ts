import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { apiKeys, oauthGrants, users } from "../db/schema";
import type { AccessTokenClaims } from "./access-token";

type Grant = typeof oauthGrants.$inferSelect;
type Key = typeof apiKeys.$inferSelect;

export type GrantState = { ok: true; grant: Grant; key: Key } | { ok: false; reason: string };

/** Whether the grant a token names is live: not revoked or expired, its key present and usable, the user enabled. */
export async function grantState(db: Db, grantId: string, now = new Date()): Promise<GrantState> {
  const [row] = await db
    .select({ grant: oauthGrants, key: apiKeys, userDisabledAt: users.disabledAt })
    .from(oauthGrants)
    .leftJoin(apiKeys, eq(apiKeys.id, oauthGrants.keyId))
    .innerJoin(users, eq(users.id, oauthGrants.userId))
    .where(eq(oauthGrants.id, grantId));
  if (!row) return { ok: false, reason: "the authorization behind this access token no longer exists" };
  const { grant, key } = row;
  if (grant.revokedAt) return { ok: false, reason: "the authorization behind this access token has been revoked" };
  if (grant.expiresAt && grant.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "the authorization behind this access token has expired" };
  if (!key) return { ok: false, reason: "the key behind this access token no longer exists" };
  if (key.revokedAt) return { ok: false, reason: "the key behind this access token has been revoked" };
  if (key.disabledAt) return { ok: false, reason: "the key behind this access token is disabled" };
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "the key behind this access token has expired" };
  if (row.userDisabledAt) return { ok: false, reason: "this account is disabled" };
  return { ok: true, grant, key };
}

/** The token's claims agree with its grant (user, app, key). */
export function claimsMatchGrant(claims: AccessTokenClaims, state: Extract<GrantState, { ok: true }>): boolean {
  return claims.sub === state.grant.userId && claims.client_id === state.grant.clientId && claims.key_id === state.key.id;
}
