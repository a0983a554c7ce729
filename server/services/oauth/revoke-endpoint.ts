import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { oauthGrants, oauthRefreshTokens } from "../../db/schema";
import { revokeGrantsWhere } from "./revoke-grant";
import { AccessTokenError, verifyAccessTokenJwt } from "../../oauth/access-token";
import { authenticateClient, readForm } from "../../oauth/client-auth";
import { hashSecret } from "../../oauth/crypto";
import { OAuthError } from "../../oauth/errors";
import { errorResponse } from "./token-endpoint";
import { looksLikeJwt } from "../../oauth/verify-access-token";

/**
 * POST /oauth/revoke (RFC 7009). Revoking either token of a grant ends the whole grant (the app signs the
 * user out): its refresh tokens stop working, its key is revoked and its access tokens are refused within
 * seconds. Unknown tokens and tokens of other clients get the same empty 200.
 */
export async function handleRevokeRequest(db: Db, request: Request, now = new Date()): Promise<Response> {
  try {
    const form = await readForm(request);
    const { client } = await authenticateClient(db, request, form);
    const token = form.get("token");
    if (!token) throw new OAuthError("invalid_request", "token is missing");
    const grantId = await grantOfToken(db, token, client.id, now);
    if (grantId) await revokeGrantsWhere(db, [grantId], now);
    return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** The grant of a refresh or access token issued to this client, or null. Expired access tokens are still recognised. */
export async function grantOfToken(db: Db, token: string, clientId: string, now = new Date()): Promise<string | null> {
  if (looksLikeJwt(token)) {
    try {
      const claims = await verifyAccessTokenJwt(db, token, now);
      return claims.client_id === clientId ? claims.grant_id : null;
    } catch (err) {
      if (err instanceof AccessTokenError) return null;
      throw err;
    }
  }
  const [row] = await db
    .select({ grantId: oauthGrants.id, clientId: oauthGrants.clientId })
    .from(oauthRefreshTokens)
    .innerJoin(oauthGrants, eq(oauthGrants.id, oauthRefreshTokens.grantId))
    .where(eq(oauthRefreshTokens.hash, hashSecret(token)));
  return row && row.clientId === clientId ? row.grantId : null;
}
