import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, oauthCodes, oauthGrants, oauthRefreshTokens, users } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { grantFromCode } from "./grant-from-code";
import { revokeGrantsWhere } from "./revoke-grant";
import { signAccessToken } from "../../oauth/access-token";
import type { ClientRow } from "../../oauth/authorize";
import { authenticateClient, readForm } from "../../oauth/client-auth";
import { parseScopes, REFRESH_TOKEN_TTL_MS } from "../../oauth/config";
import { hashSecret, newSecret, verifyPkce } from "../../oauth/crypto";
import { OAuthError, oauthJson } from "../../oauth/errors";

type Grant = typeof oauthGrants.$inferSelect;

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
}

const required = (form: URLSearchParams, name: string): string => {
  const value = form.get(name);
  if (!value) throw new OAuthError("invalid_request", `${name} is missing`);
  return value;
};

async function newRefreshToken(tx: Db, grant: Grant, now: Date) {
  const token = newSecret("xrrt-");
  const end = now.getTime() + REFRESH_TOKEN_TTL_MS;
  const expiresAt = new Date(grant.expiresAt ? Math.min(end, grant.expiresAt.getTime()) : end);
  await tx.insert(oauthRefreshTokens).values({ hash: hashSecret(token), grantId: grant.id, issuedAt: now, expiresAt });
  return token;
}

async function respond(db: Db, grant: Grant, refreshToken: string, scopes: readonly string[], now: Date): Promise<TokenResponse> {
  const { token, expiresIn } = await signAccessToken(
    db,
    { userId: grant.userId, clientId: grant.clientId, scopes, keyId: grant.keyId!, grantId: grant.id },
    now,
  );
  return { access_token: token, token_type: "Bearer", expires_in: expiresIn, refresh_token: refreshToken, scope: scopes.join(" ") };
}

type Outcome =
  | { ok: true; grant: Grant; refreshToken: string; scopes: string[] }
  | { ok: false; error: OAuthError; revokeGrant?: { id: string; userId: string } };

/** grant_type=authorization_code: the code is single-use, 60 s, and bound to the client, redirect URI and verifier. */
export async function exchangeCode(db: Db, client: ClientRow, form: URLSearchParams, now = new Date(), source?: RequestSource): Promise<TokenResponse> {
  const code = required(form, "code");
  const redirectUri = required(form, "redirect_uri");
  const verifier = required(form, "code_verifier");
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const [row] = await tx.select().from(oauthCodes).where(eq(oauthCodes.hash, hashSecret(code))).for("update");
    const invalid = (description: string) => ({ ok: false as const, error: new OAuthError("invalid_grant", description) });
    if (!row || row.kind !== "oauth" || !row.clientId) return invalid("unknown authorization code");
    if (row.usedAt) {
      // RFC 6749 section 4.1.2: a replayed code revokes what it was exchanged for.
      return { ...invalid("the authorization code was already used"), revokeGrant: row.grantId ? { id: row.grantId, userId: row.userId } : undefined };
    }
    if (row.expiresAt.getTime() <= now.getTime()) return invalid("the authorization code has expired");
    if (row.clientId !== client.id) return invalid("the authorization code was issued to another client");
    if (row.redirectUri !== redirectUri) return invalid("redirect_uri does not match the authorization request");
    if (!verifyPkce(verifier, row.codeChallenge)) return invalid("code_verifier does not match the code_challenge");
    const [user] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, row.userId));
    if (!user || user.disabledAt) return invalid("the user's account is disabled");
    const grant = await grantFromCode(tx, row, client, now);
    await tx.update(oauthCodes).set({ usedAt: now, grantId: grant.id }).where(eq(oauthCodes.hash, row.hash));
    await recordAuditEvent(tx, {
      kind: "oauth.granted",
      userId: row.userId,
      subject: grant.id,
      source,
      data: { clientId: client.id, app: client.name, scopes: grant.scopes, capMicro: grant.capMicro, capPeriod: grant.capPeriod },
    });
    return { ok: true, grant, refreshToken: await newRefreshToken(tx, grant, now), scopes: grant.scopes };
  });
  if (!outcome.ok) {
    if (outcome.revokeGrant) {
      const { id, userId } = outcome.revokeGrant;
      await revokeGrantsWhere(db, [id], now);
      await recordAuditEvent(db, { kind: "oauth.code_replay_revoked", userId, actorId: null, subject: id, source, data: { clientId: client.id } });
      getLogger().warn({ clientId: client.id, grantId: id }, "authorization code replayed; grant revoked");
    }
    throw outcome.error;
  }
  return respond(db, outcome.grant, outcome.refreshToken, outcome.scopes, now);
}

/** grant_type=refresh_token: rotated on every use; presenting a used token revokes the whole grant. */
export async function refresh(db: Db, client: ClientRow, form: URLSearchParams, now = new Date(), source?: RequestSource): Promise<TokenResponse> {
  const presented = required(form, "refresh_token");
  const scopeParam = form.get("scope");
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const [row] = await tx
      .select({ token: oauthRefreshTokens, grant: oauthGrants })
      .from(oauthRefreshTokens)
      .innerJoin(oauthGrants, eq(oauthGrants.id, oauthRefreshTokens.grantId))
      .where(eq(oauthRefreshTokens.hash, hashSecret(presented)))
      .for("update");
    const invalid = (description: string) => ({ ok: false as const, error: new OAuthError("invalid_grant", description) });
    if (!row || row.grant.clientId !== client.id) return invalid("unknown refresh token");
    const { token, grant } = row;
    const reused = () => ({ ...invalid("refresh token reuse detected; the grant has been revoked"), revokeGrant: { id: grant.id, userId: grant.userId } });
    if (token.usedAt) return reused();
    if (grant.revokedAt) return invalid("the grant has been revoked");
    if (token.expiresAt.getTime() <= now.getTime()) return invalid("the refresh token has expired");
    if (grant.expiresAt && grant.expiresAt.getTime() <= now.getTime()) return invalid("the grant has expired");
    if (!grant.keyId) return invalid("the grant's key no longer exists");
    const [key] = await tx
      .select({ revokedAt: apiKeys.revokedAt, disabledAt: apiKeys.disabledAt, userDisabledAt: users.disabledAt })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(eq(apiKeys.id, grant.keyId));
    if (!key || key.revokedAt || key.userDisabledAt) return invalid("the grant is no longer valid");
    let scopes = grant.scopes;
    if (scopeParam !== null) {
      const asked = parseScopes(scopeParam);
      if (!asked || !asked.every((s) => grant.scopes.includes(s)))
        return { ok: false, error: new OAuthError("invalid_scope", "the requested scope exceeds the grant") };
      scopes = asked;
    }
    const next = await newRefreshToken(tx, grant, now);
    const [used] = await tx
      .update(oauthRefreshTokens)
      .set({ usedAt: now, replacedBy: hashSecret(next) })
      .where(and(eq(oauthRefreshTokens.hash, token.hash), isNull(oauthRefreshTokens.usedAt)))
      .returning({ hash: oauthRefreshTokens.hash });
    if (!used) return reused();
    return { ok: true, grant, refreshToken: next, scopes };
  });
  if (!outcome.ok) {
    if (outcome.revokeGrant) {
      const { id, userId } = outcome.revokeGrant;
      await revokeGrantsWhere(db, [id], now);
      await recordAuditEvent(db, { kind: "oauth.refresh_reuse_revoked", userId, actorId: null, subject: id, source, data: { clientId: client.id } });
      getLogger().warn({ clientId: client.id, grantId: id }, "refresh token reused; grant revoked");
    }
    throw outcome.error;
  }
  return respond(db, outcome.grant, outcome.refreshToken, outcome.scopes, now);
}

/** POST /oauth/token (RFC 6749 sections 3.2, 4.1.3, 6). */
export async function handleTokenRequest(db: Db, request: Request, now = new Date(), source?: RequestSource): Promise<Response> {
  try {
    const form = await readForm(request);
    const grantType = form.get("grant_type");
    if (!grantType) throw new OAuthError("invalid_request", "grant_type is missing");
    const { client } = await authenticateClient(db, request, form);
    if (grantType === "authorization_code") return oauthJson(await exchangeCode(db, client, form, now, source));
    if (grantType === "refresh_token") return oauthJson(await refresh(db, client, form, now, source));
    throw new OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
  } catch (err) {
    return errorResponse(err);
  }
}

export function errorResponse(err: unknown): Response {
  if (err instanceof OAuthError) return err.toResponse();
  getLogger().error({ err }, "oauth endpoint failed");
  return new OAuthError("server_error", "internal error", 500).toResponse();
}
