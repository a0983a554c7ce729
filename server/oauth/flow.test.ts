import { eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { apiKeys, oauthCodes, oauthGrants } from "../db/schema";
import { openTrpcTestDb } from "../testing/trpc";
import { checkAuthorizeRequest } from "./authorize";
import { oauthAudience, oauthIssuer } from "./config";
import { hashSecret } from "./crypto";
import { handleIntrospectRequest } from "../services/oauth/introspect-endpoint";
import { handleRevokeRequest } from "../services/oauth/revoke-endpoint";
import { approvedCode, basicAuth, formRequest, oauthApp, oauthUser, pkcePair, REDIRECT } from "../testing/oauth-client";
import { handleTokenRequest } from "../services/oauth/token-endpoint";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

type Json = Record<string, unknown>;
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Json, headers: response.headers });

async function token(body: Record<string, string>, headers: Record<string, string> = {}, now?: Date) {
  return json(await handleTokenRequest(handle.db, formRequest("/oauth/token", body, headers), now));
}

async function setup(type: "public" | "confidential" = "public") {
  const app = await oauthApp(handle.db, type);
  const user = await oauthUser(handle.db);
  return { ...app, user };
}

describe("authorization code flow", () => {
  it("code → tokens → refresh (rotated) → revoke; the grant owns a capped key named after the app", async () => {
    const { client, user } = await setup();
    const { code, location, verifier } = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.get("iss")).toBe(oauthIssuer());

    const first = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: client.clientId });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.body).toMatchObject({ token_type: "Bearer", expires_in: 900, scope: "chat usage:read" });
    const access = first.body.access_token as string;
    expect(decodeProtectedHeader(access)).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    const claims = decodeJwt(access);
    expect(claims).toMatchObject({ iss: oauthIssuer(), aud: oauthAudience(), sub: user.id, client_id: client.clientId, scope: "chat usage:read" });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect(typeof claims.jti).toBe("string");

    const [grant] = await handle.db.select().from(oauthGrants).where(eq(oauthGrants.id, claims.grant_id as string));
    expect(grant).toMatchObject({ userId: user.id, clientId: client.clientId, capMicro: 50_000_000, capPeriod: "month", revokedAt: null });
    expect(claims.key_id).toBe(grant!.keyId);
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, grant!.keyId!));
    expect(key).toMatchObject({ userId: user.id, name: `OAuth: ${client.name}`, limitMicro: 50_000_000, limitPeriod: "month" });

    const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token as string, client_id: client.clientId });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(decodeJwt(refreshed.body.access_token as string).grant_id).toBe(grant!.id);

    // Narrowing the scope on refresh is allowed, widening is not.
    const narrowed = await token({ grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token as string, client_id: client.clientId, scope: "chat" });
    expect(narrowed.body.scope).toBe("chat");
    const widened = await token({ grant_type: "refresh_token", refresh_token: narrowed.body.refresh_token as string, client_id: client.clientId, scope: "chat keys:manage" });
    expect(widened).toMatchObject({ status: 400, body: { error: "invalid_scope" } });

    const revoked = await handleRevokeRequest(handle.db, formRequest("/oauth/revoke", { token: narrowed.body.refresh_token as string, client_id: client.clientId }));
    expect(revoked.status).toBe(200);
    const [after] = await handle.db.select().from(oauthGrants).where(eq(oauthGrants.id, grant!.id));
    expect(after!.revokedAt).not.toBeNull();
    const [keyAfter] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, grant!.keyId!));
    expect(keyAfter!.revokedAt).not.toBeNull();
    const again = await token({ grant_type: "refresh_token", refresh_token: narrowed.body.refresh_token as string, client_id: client.clientId });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("a second authorization updates the one live grant (remembered consent) and its key's cap", async () => {
    const { client, user } = await setup();
    const a = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    const t1 = await token({ grant_type: "authorization_code", code: a.code, redirect_uri: REDIRECT, code_verifier: a.verifier, client_id: client.clientId });
    const b = await approvedCode(handle.db, {
      clientId: client.clientId,
      userId: user.id,
      consent: { capMicro: 7_000_000, capPeriod: "day", grantExpiresAt: null },
    });
    const t2 = await token({ grant_type: "authorization_code", code: b.code, redirect_uri: REDIRECT, code_verifier: b.verifier, client_id: client.clientId });
    const g1 = decodeJwt(t1.body.access_token as string).grant_id;
    expect(decodeJwt(t2.body.access_token as string).grant_id).toBe(g1);
    const [grant] = await handle.db.select().from(oauthGrants).where(eq(oauthGrants.id, g1 as string));
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, grant!.keyId!));
    expect(key).toMatchObject({ limitMicro: 7_000_000, limitPeriod: "day" });
  });

  it("confidential clients authenticate with client_secret_basic or client_secret_post", async () => {
    const { client, clientSecret, user } = await setup("confidential");
    const a = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    const params = { grant_type: "authorization_code", code: a.code, redirect_uri: REDIRECT, code_verifier: a.verifier };
    const noSecret = await token({ ...params, client_id: client.clientId });
    expect(noSecret).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const wrongBasic = await token(params, basicAuth(client.clientId, "xrsec-wrong"));
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.body.error).toBe("invalid_client");
    expect(wrongBasic.headers.get("www-authenticate")).toMatch(/^Basic /);
    const good = await token(params, basicAuth(client.clientId, clientSecret!));
    expect(good.status).toBe(200);

    const b = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    const post = await token({ grant_type: "authorization_code", code: b.code, redirect_uri: REDIRECT, code_verifier: b.verifier, client_id: client.clientId, client_secret: clientSecret! });
    expect(post.status).toBe(200);

    const both = await token({ grant_type: "refresh_token", refresh_token: post.body.refresh_token as string, client_secret: clientSecret! }, basicAuth(client.clientId, clientSecret!));
    expect(both).toMatchObject({ status: 400, body: { error: "invalid_request" } });

    // Introspection: confidential clients only, about their own tokens.
    const intro = await json(
      await handleIntrospectRequest(handle.db, formRequest("/oauth/introspect", { token: post.body.access_token as string }, basicAuth(client.clientId, clientSecret!))),
    );
    expect(intro.body).toMatchObject({ active: true, client_id: client.clientId, sub: user.id, scope: "chat usage:read" });
    const introRefresh = await json(
      await handleIntrospectRequest(handle.db, formRequest("/oauth/introspect", { token: post.body.refresh_token as string }, basicAuth(client.clientId, clientSecret!))),
    );
    expect(introRefresh.body).toMatchObject({ active: true, token_type: "refresh_token" });
    const introGarbage = await json(
      await handleIntrospectRequest(handle.db, formRequest("/oauth/introspect", { token: "nope" }, basicAuth(client.clientId, clientSecret!))),
    );
    expect(introGarbage.body).toEqual({ active: false });

    const pub = await setup();
    const publicIntro = await json(await handleIntrospectRequest(handle.db, formRequest("/oauth/introspect", { token: "x", client_id: pub.client.clientId })));
    expect(publicIntro).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    // Another client's token is inactive for this one.
    const other = await approvedCode(handle.db, { clientId: pub.client.clientId, userId: pub.user.id });
    const otherTokens = await token({ grant_type: "authorization_code", code: other.code, redirect_uri: REDIRECT, code_verifier: other.verifier, client_id: pub.client.clientId });
    const cross = await json(
      await handleIntrospectRequest(handle.db, formRequest("/oauth/introspect", { token: otherTokens.body.access_token as string }, basicAuth(client.clientId, clientSecret!))),
    );
    expect(cross.body).toEqual({ active: false });
  });
});

describe("token endpoint errors (RFC 6749 section 5.2)", () => {
  it("wrong verifier, reused code, expired code, mismatched redirect URI, other client", async () => {
    const { client, user } = await setup();
    const base = (code: string, verifier: string) => ({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: client.clientId });

    const a = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    expect(await token(base(a.code, pkcePair().verifier))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await token({ ...base(a.code, a.verifier), redirect_uri: "https://app.example.test/other" })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const other = await setup();
    expect(await token({ ...base(a.code, a.verifier), client_id: other.client.clientId })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // The failed attempts above did not burn the code.
    const ok = await token(base(a.code, a.verifier));
    expect(ok.status).toBe(200);

    // Reusing the code fails and revokes what it was exchanged for.
    const reused = await token(base(a.code, a.verifier));
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(reused.body.error_description).toMatch(/already used/);
    const grantId = decodeJwt(ok.body.access_token as string).grant_id as string;
    const [grant] = await handle.db.select().from(oauthGrants).where(eq(oauthGrants.id, grantId));
    expect(grant!.revokedAt).not.toBeNull();

    // Expired: backdate the code past its 60 seconds.
    const b = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    await handle.db.update(oauthCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(oauthCodes.hash, hashSecret(b.code)));
    const expired = await token(base(b.code, b.verifier));
    expect(expired).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(expired.body.error_description).toMatch(/expired/);

    // An injected clock 61 s later also finds it expired.
    const c = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    expect(await token(base(c.code, c.verifier), {}, new Date(Date.now() + 61_000))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("missing parameters, unknown grant types and unknown clients", async () => {
    const { client } = await setup();
    expect(await token({ client_id: client.clientId })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await token({ grant_type: "password", client_id: client.clientId, username: "a", password: "b" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(await token({ grant_type: "authorization_code", client_id: client.clientId, redirect_uri: REDIRECT, code_verifier: "x" })).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
    const unknown = await token({ grant_type: "authorization_code", client_id: "xrapp_nope", code: "c", redirect_uri: REDIRECT, code_verifier: "v" });
    expect(unknown).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const repeated = await handleTokenRequest(
      handle.db,
      new Request("http://localhost/oauth/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=${client.clientId}`,
      }),
    );
    expect(repeated.status).toBe(400);
  });

  it("refresh token reuse revokes the whole grant", async () => {
    const { client, user } = await setup();
    const a = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
    const first = await token({ grant_type: "authorization_code", code: a.code, redirect_uri: REDIRECT, code_verifier: a.verifier, client_id: client.clientId });
    const old = first.body.refresh_token as string;
    const second = await token({ grant_type: "refresh_token", refresh_token: old, client_id: client.clientId });
    expect(second.status).toBe(200);
    const reuse = await token({ grant_type: "refresh_token", refresh_token: old, client_id: client.clientId });
    expect(reuse).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // The newest token dies with the grant.
    const newest = await token({ grant_type: "refresh_token", refresh_token: second.body.refresh_token as string, client_id: client.clientId });
    expect(newest).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const [grant] = await handle.db.select().from(oauthGrants).where(eq(oauthGrants.id, decodeJwt(first.body.access_token as string).grant_id as string));
    expect(grant!.revokedAt).not.toBeNull();
  });
});

describe("GET /oauth/authorize checks (RFC 6749 section 4.1.2.1)", () => {
  const params = (over: Record<string, string | undefined>) => {
    const base: Record<string, string | undefined> = {
      response_type: "code",
      redirect_uri: REDIRECT,
      code_challenge: pkcePair().challenge,
      code_challenge_method: "S256",
      scope: "chat",
      state: "xyz",
      ...over,
    };
    return new URLSearchParams(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
  };

  it("never redirects to an unknown client or an unregistered redirect URI", async () => {
    const { client } = await setup();
    expect(await checkAuthorizeRequest(handle.db, params({ client_id: "xrapp_unknown" }))).toMatchObject({ kind: "error_page", error: "invalid_client" });
    expect(await checkAuthorizeRequest(handle.db, params({ client_id: client.clientId, redirect_uri: "https://evil.example/cb" }))).toMatchObject({
      kind: "error_page",
      error: "invalid_redirect_uri",
    });
    expect(await checkAuthorizeRequest(handle.db, params({ client_id: client.clientId, redirect_uri: undefined }))).toMatchObject({ kind: "error_page" });
    // Even with other errors present, a bad redirect URI is an error page.
    expect(
      await checkAuthorizeRequest(handle.db, params({ client_id: client.clientId, redirect_uri: "https://evil.example/cb", code_challenge_method: "plain" })),
    ).toMatchObject({ kind: "error_page" });
  });

  it("redirects errors with state: plain PKCE, missing PKCE, bad scope, wrong response_type", async () => {
    const { client } = await setup();
    const errorOf = async (over: Record<string, string | undefined>) => {
      const check = await checkAuthorizeRequest(handle.db, params({ client_id: client.clientId, ...over }));
      if (check.kind !== "redirect") throw new Error(`expected a redirect, got ${check.kind}`);
      const url = new URL(check.url);
      expect(url.origin + url.pathname).toBe(REDIRECT);
      expect(url.searchParams.get("state")).toBe("xyz");
      return url.searchParams.get("error");
    };
    expect(await errorOf({ code_challenge_method: "plain" })).toBe("invalid_request");
    expect(await errorOf({ code_challenge_method: undefined })).toBe("invalid_request");
    expect(await errorOf({ code_challenge: undefined })).toBe("invalid_request");
    expect(await errorOf({ code_challenge: "too-short" })).toBe("invalid_request");
    expect(await errorOf({ scope: "chat admin" })).toBe("invalid_scope");
    expect(await errorOf({ response_type: "token" })).toBe("unsupported_response_type");
    expect(await errorOf({ response_type: undefined })).toBe("invalid_request");
  });

  it("loopback redirect URIs match on any port", async () => {
    const { client } = await setup();
    const check = await checkAuthorizeRequest(handle.db, params({ client_id: client.clientId, redirect_uri: "http://127.0.0.1:49152/cb" }));
    expect(check.kind).toBe("ok");
  });
});
