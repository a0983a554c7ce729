import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { oauthGrants, oauthRefreshTokens } from "../../db/schema";
import { AccessTokenError, verifyAccessTokenJwt } from "../../oauth/access-token";
import { authenticateClient, readForm } from "../../oauth/client-auth";
import { oauthAudience, oauthIssuer } from "../../oauth/config";
import { hashSecret } from "../../oauth/crypto";
import { OAuthError, oauthJson } from "../../oauth/errors";
import { claimsMatchGrant, grantState } from "../../oauth/grant-state";
import { errorResponse } from "./token-endpoint";
import { looksLikeJwt } from "../../oauth/verify-access-token";

/**
 * POST /oauth/introspect (RFC 7662), for confidential clients only, about their own tokens: anything
 * else, and every dead token, is `{"active": false}`.
 */
export async function handleIntrospectRequest(db: Db, request: Request, now = new Date()): Promise<Response> {
  try {
    const form = await readForm(request);
    const { client } = await authenticateClient(db, request, form, { confidentialOnly: true });
    const token = form.get("token");
    if (!token) throw new OAuthError("invalid_request", "token is missing");
    return oauthJson(await introspect(db, token, client.id, now));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function introspect(db: Db, token: string, clientId: string, now = new Date()): Promise<Record<string, unknown>> {
  const inactive = { active: false };
  if (looksLikeJwt(token)) {
    try {
      const claims = await verifyAccessTokenJwt(db, token, now);
      if (claims.client_id !== clientId) return inactive;
      const state = await grantState(db, claims.grant_id, now);
      if (!state.ok || !claimsMatchGrant(claims, state)) return inactive;
      return {
        active: true,
        token_type: "Bearer",
        scope: claims.scope,
        client_id: claims.client_id,
        sub: claims.sub,
        iss: claims.iss,
        aud: claims.aud,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
      };
    } catch (err) {
      if (err instanceof AccessTokenError) return inactive;
      throw err;
    }
  }
  const [row] = await db
    .select({ token: oauthRefreshTokens, grant: oauthGrants })
    .from(oauthRefreshTokens)
    .innerJoin(oauthGrants, eq(oauthGrants.id, oauthRefreshTokens.grantId))
    .where(eq(oauthRefreshTokens.hash, hashSecret(token)));
  if (!row || row.grant.clientId !== clientId || row.token.usedAt || row.token.expiresAt.getTime() <= now.getTime()) return inactive;
  const state = await grantState(db, row.grant.id, now);
  if (!state.ok) return inactive;
  return {
    active: true,
    token_type: "refresh_token",
    scope: row.grant.scopes.join(" "),
    client_id: clientId,
    sub: row.grant.userId,
    iss: oauthIssuer(),
    aud: oauthAudience(),
    exp: Math.floor(row.token.expiresAt.getTime() / 1000),
    iat: Math.floor(row.token.issuedAt.getTime() / 1000),
  };
}
