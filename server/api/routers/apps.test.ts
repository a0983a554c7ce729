import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { approvedCode, formRequest, REDIRECT } from "../../testing/oauth-client";
import { handleTokenRequest } from "../../services/oauth/token-endpoint";
import { createTestUser, errorCode, openTrpcTestDb } from "../../testing/trpc";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const appInput = { name: "My app", redirectUris: [REDIRECT], type: "confidential" as const };

/** User A's app and a grant user A gave to it. */
async function appWithGrant() {
  const a = await createTestUser(handle);
  const { client, clientSecret } = await a.caller.apps.register(appInput);
  const { code, verifier } = await approvedCode(handle.db, { clientId: client.clientId, userId: a.user.id });
  const response = await handleTokenRequest(
    handle.db,
    formRequest("/oauth/token", { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: client.clientId, client_secret: clientSecret! }),
  );
  expect(response.status).toBe(200);
  const [grant] = await a.caller.apps.grants();
  return { a, client, clientSecret, grant: grant! };
}

describe("apps router", () => {
  it("register shows a confidential secret once; list never returns it", async () => {
    const { caller } = await createTestUser(handle);
    const created = await caller.apps.register({ ...appInput, logoUrl: "https://cdn.example.test/logo.png", homepageUrl: "https://example.test" });
    expect(created.clientSecret).toMatch(/^xrsec-/);
    expect(created.client.clientId).toMatch(/^xrapp_/);
    const list = await caller.apps.list();
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(created.clientSecret!);
    expect(list[0]).not.toHaveProperty("secretHash");
    const pub = await caller.apps.register({ ...appInput, type: "public" });
    expect(pub.clientSecret).toBeUndefined();
  });

  it("register refuses bad redirect URIs and non-https logos", async () => {
    const { caller } = await createTestUser(handle);
    expect(await errorCode(caller.apps.register({ ...appInput, redirectUris: ["http://example.test/cb"] }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.apps.register({ ...appInput, redirectUris: ["https://example.test/cb#frag"] }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.apps.register({ ...appInput, logoUrl: "http://example.test/logo.png" }))).toBe("BAD_REQUEST");
    expect(await errorCode(caller.apps.register({ ...appInput, redirectUris: [] }))).toBe("BAD_REQUEST");
  });

  it("list: user B does not see A's apps", async () => {
    const { client } = await appWithGrant();
    const b = await createTestUser(handle);
    expect((await b.caller.apps.list()).map((x) => x.clientId)).not.toContain(client.clientId);
  });

  it("grants: lists A's consent with the cap; B sees none", async () => {
    const { grant, client } = await appWithGrant();
    expect(grant).toMatchObject({ clientId: client.clientId, clientName: "My app", capMicro: 50_000_000, capPeriod: "month", scopes: ["chat", "usage:read"] });
    const b = await createTestUser(handle);
    expect(await b.caller.apps.grants()).toEqual([]);
  });

  it("rotateSecret: B gets NOT_FOUND; A's old secret stops working", async () => {
    const { a, client, clientSecret } = await appWithGrant();
    const b = await createTestUser(handle);
    expect(await errorCode(b.caller.apps.rotateSecret({ clientId: client.clientId }))).toBe("NOT_FOUND");
    const { clientSecret: fresh } = await a.caller.apps.rotateSecret({ clientId: client.clientId });
    expect(fresh).not.toBe(clientSecret);
    const old = await handleTokenRequest(
      handle.db,
      formRequest("/oauth/token", { grant_type: "refresh_token", refresh_token: "x", client_id: client.clientId, client_secret: clientSecret! }),
    );
    expect(old.status).toBe(401);
  });

  it("revokeGrant: B gets NOT_FOUND for A's grant; A revokes it and it leaves the list", async () => {
    const { a, grant } = await appWithGrant();
    const b = await createTestUser(handle);
    expect(await errorCode(b.caller.apps.revokeGrant({ grantId: grant.id }))).toBe("NOT_FOUND");
    expect(await a.caller.apps.grants()).toHaveLength(1);
    await a.caller.apps.revokeGrant({ grantId: grant.id });
    expect(await a.caller.apps.grants()).toEqual([]);
  });

  it("remove: B gets NOT_FOUND for A's app; A deletes it and its grants are revoked", async () => {
    const { a, client } = await appWithGrant();
    const b = await createTestUser(handle);
    expect(await errorCode(b.caller.apps.remove({ clientId: client.clientId }))).toBe("NOT_FOUND");
    await a.caller.apps.remove({ clientId: client.clientId });
    expect(await a.caller.apps.list()).toEqual([]);
    expect(await a.caller.apps.grants()).toEqual([]);
    const keys = await a.caller.keys.list();
    const oauthKey = (keys as Array<{ name: string; status?: string; revokedAt?: unknown }>).find((k) => k.name === "OAuth: My app");
    expect(oauthKey).toBeDefined();
  });
});
