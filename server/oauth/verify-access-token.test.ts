import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { apiKeys, oauthClients, oauthGrants } from "../db/schema";
import { GatewayError } from "../core/errors";
import { identify } from "../gateway/identify";
import { revokeGrant } from "../services/oauth/revoke-grant";
import { openTrpcTestDb } from "../testing/trpc";
import { signAccessToken } from "./access-token";
import { approvedCode, formRequest, oauthApp, oauthUser, REDIRECT } from "../testing/oauth-client";
import { handleTokenRequest } from "../services/oauth/token-endpoint";
import { clearAccessTokenCache, identifyAccessToken, looksLikeJwt } from "./verify-access-token";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(() => clearAccessTokenCache());

async function issued(consent = { capMicro: 1, capPeriod: "total" as const, grantExpiresAt: null }, scope = "chat") {
  const { client } = await oauthApp(handle.db);
  const user = await oauthUser(handle.db);
  const a = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id, consent, scope });
  const response = await handleTokenRequest(
    handle.db,
    formRequest("/oauth/token", { grant_type: "authorization_code", code: a.code, redirect_uri: REDIRECT, code_verifier: a.verifier, client_id: client.clientId }),
  );
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  const [grant] = await handle.db.select().from(oauthGrants).where(eq(oauthGrants.userId, user.id));
  return { ...body, grant: grant!, user, client };
}

async function rejection(call: Promise<unknown>): Promise<GatewayError> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error("expected a rejection");
}

describe("identifyAccessToken", () => {
  it("tells JWTs from API keys", () => {
    expect(looksLikeJwt("aaa.bbb.ccc")).toBe(true);
    expect(looksLikeJwt(`xr-${"a".repeat(48)}`)).toBe(false);
    expect(looksLikeJwt("a.b")).toBe(false);
  });

  it("returns the grant key's principal with the cap as the key limit", async () => {
    const { access_token, grant, user } = await issued({ capMicro: 1, capPeriod: "total", grantExpiresAt: null });
    const principal = await identifyAccessToken(access_token);
    expect(principal).toEqual({
      userId: user.id,
      keyId: grant.keyId,
      rpm: null,
      allowedModels: null,
      keyLimit: { limitMicro: 1, period: "total" },
      cache: { mode: "off", ttlSeconds: 86_400, shared: true, semantic: false, semanticThreshold: 0.9, semanticModel: null },
      grantId: grant.id,
    });
  });

  it("refuses a tampered JWT (payload or signature)", async () => {
    const { access_token, grant } = await issued();
    const [header, payload, signature] = access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "usr_someoneelse", key_id: "key_other" })).toString("base64url");
    expect((await rejection(identifyAccessToken(`${header}.${forged}.${signature}`))).status).toBe(401);
    const flipped = signature!.slice(0, -2) + (signature!.endsWith("AA") ? "BB" : "AA");
    expect((await rejection(identifyAccessToken(`${header}.${payload}.${flipped}`))).status).toBe(401);
    const noneHeader = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    expect((await rejection(identifyAccessToken(`${noneHeader}.${payload}.x`))).status).toBe(401);
    expect(grant.revokedAt).toBeNull();
  });

  it("refuses an expired JWT", async () => {
    const { grant, user, client } = await issued();
    const { token } = await signAccessToken(
      handle.db,
      { userId: user.id, clientId: client.clientId, scopes: ["chat"], keyId: grant.keyId!, grantId: grant.id },
      new Date(Date.now() - 20 * 60_000),
    );
    const error = await rejection(identifyAccessToken(token));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/expired/);
    expect(error.headers["www-authenticate"]).toMatch(/invalid_token/);
  });

  it("refuses tokens of a revoked grant, a deleted grant, a revoked key", async () => {
    const revoked = await issued();
    await revokeGrant(handle.db, revoked.user.id, revoked.grant.id);
    expect((await rejection(identifyAccessToken(revoked.access_token))).message).toMatch(/revoked/);

    const deleted = await issued();
    await handle.db.delete(oauthGrants).where(eq(oauthGrants.id, deleted.grant.id));
    expect((await rejection(identifyAccessToken(deleted.access_token))).message).toMatch(/no longer exists/);

    const appGone = await issued();
    await handle.db.delete(oauthClients).where(eq(oauthClients.id, appGone.client.clientId));
    expect((await rejection(identifyAccessToken(appGone.access_token))).status).toBe(401);

    const keyRevoked = await issued();
    await handle.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyRevoked.grant.keyId!));
    expect((await rejection(identifyAccessToken(keyRevoked.access_token))).status).toBe(401);
  });

  it("caches a verdict a few seconds, then sees the revocation", async () => {
    const { access_token, grant, user } = await issued();
    await identifyAccessToken(access_token);
    await revokeGrant(handle.db, user.id, grant.id);
    await expect(identifyAccessToken(access_token)).resolves.toBeDefined();
    const later = new Date(Date.now() + 5_000);
    expect((await rejection(identifyAccessToken(access_token, { now: later }))).status).toBe(401);
  });

  it("requires the chat scope (403 insufficient_scope)", async () => {
    const { access_token } = await issued(undefined, "models:read");
    const error = await rejection(identifyAccessToken(access_token));
    expect(error.status).toBe(403);
    expect(error.code).toBe("insufficient_scope");
    await expect(identifyAccessToken(access_token, { scope: "models:read" })).resolves.toBeDefined();
  });

  it("is how the gateway identifies a bearer JWT, with the scope each route asks for", async () => {
    const { access_token, grant } = await issued({ capMicro: 5_000_000, capPeriod: "total", grantExpiresAt: null }, "chat");
    const principal = await identify(`Bearer ${access_token}`);
    expect(principal.keyId).toBe(grant.keyId);
    const error = await rejection(identify(`Bearer ${access_token}`, "usage:read"));
    expect(error.status).toBe(403);
    expect(error.code).toBe("insufficient_scope");
  });
});
