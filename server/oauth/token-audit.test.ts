import { and, eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { auditEvents } from "../db/schema";
import type { RequestSource } from "../services/audit/kinds";
import { openTrpcTestDb } from "../testing/trpc";
import { approvedCode, formRequest, oauthApp, oauthUser, REDIRECT } from "../testing/oauth-client";
import { handleTokenRequest } from "../services/oauth/token-endpoint";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const APP_SERVER: RequestSource = { ip: "192.0.2.10", userAgent: "app-backend/1.0" };

async function token(body: Record<string, string>) {
  const response = await handleTokenRequest(handle.db, formRequest("/oauth/token", body), new Date(), APP_SERVER);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function grantedTokens() {
  const { client } = await oauthApp(handle.db);
  const user = await oauthUser(handle.db);
  const a = await approvedCode(handle.db, { clientId: client.clientId, userId: user.id });
  const exchange = { grant_type: "authorization_code", code: a.code, redirect_uri: REDIRECT, code_verifier: a.verifier, client_id: client.clientId };
  const first = await token(exchange);
  return { client, user, exchange, first, grantId: decodeJwt(first.body.access_token!).grant_id as string };
}

const eventsOf = (userId: string) => handle.db.select().from(auditEvents).where(eq(auditEvents.userId, userId)).orderBy(auditEvents.id);

describe("the OAuth token endpoint's audit events", () => {
  it("records the grant (with its key) in the user's log, without any token", async () => {
    const { client, user, first, grantId } = await grantedTokens();
    const events = await eventsOf(user.id);
    expect(events.map((e) => e.kind)).toEqual(["key.created", "oauth.granted"]);
    expect(events[1]).toMatchObject({
      actorId: user.id,
      subject: grantId,
      ip: APP_SERVER.ip,
      userAgent: APP_SERVER.userAgent,
      data: { clientId: client.clientId, app: client.name, scopes: ["chat", "usage:read"], capMicro: 50_000_000, capPeriod: "month" },
    });
    const serialized = JSON.stringify(events);
    for (const secret of [first.body.access_token!, first.body.refresh_token!]) expect(serialized).not.toContain(secret);
  });

  it("records the revocation when a refresh token is used twice, and when a code is replayed", async () => {
    const reused = await grantedTokens();
    const old = reused.first.body.refresh_token!;
    expect((await token({ grant_type: "refresh_token", refresh_token: old, client_id: reused.client.clientId })).status).toBe(200);
    expect((await token({ grant_type: "refresh_token", refresh_token: old, client_id: reused.client.clientId })).status).toBe(400);
    const [revoked] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, reused.user.id), eq(auditEvents.kind, "oauth.refresh_reuse_revoked")));
    expect(revoked).toMatchObject({ actorId: null, subject: reused.grantId, ip: APP_SERVER.ip, data: { clientId: reused.client.clientId } });

    const replayed = await grantedTokens();
    expect((await token(replayed.exchange)).status).toBe(400);
    expect((await eventsOf(replayed.user.id)).map((e) => [e.kind, e.subject])).toContainEqual(["oauth.code_replay_revoked", replayed.grantId]);
  });
});
