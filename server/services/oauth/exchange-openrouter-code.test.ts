import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../core/api-key";
import type { DbHandle } from "../../db/client";
import { apiKeys, oauthCodes } from "../../db/schema";
import { GatewayError } from "../../core/errors";
import { openTrpcTestDb } from "../../testing/trpc";
import { checkOpenRouterRequest, issueCode } from "../../oauth/authorize";
import { hashSecret } from "../../oauth/crypto";
import { exchangeOpenRouterCode } from "./exchange-openrouter-code";
import { oauthUser, pkcePair } from "../../testing/oauth-client";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

async function openRouterCode(callback = "http://localhost:3000/callback") {
  const user = await oauthUser(handle.db);
  const { verifier, challenge } = pkcePair();
  const check = checkOpenRouterRequest(new URLSearchParams({ callback_url: callback, code_challenge: challenge, code_challenge_method: "S256" }));
  if (check.kind !== "ok") throw new Error("check failed");
  const location = new URL(await issueCode(handle.db, check.request, user.id, { capMicro: 3_000_000, capPeriod: "week", grantExpiresAt: null }));
  return { user, verifier, code: location.searchParams.get("code")!, location };
}

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error("expected failure");
}

describe("OpenRouter-compatible key flow", () => {
  it("GET /auth → ?code= → POST /api/v1/auth/keys returns a capped key named after the callback host", async () => {
    const { user, verifier, code, location } = await openRouterCode();
    expect(location.origin + location.pathname).toBe("http://localhost:3000/callback");
    const result = await exchangeOpenRouterCode({ code, code_verifier: verifier, code_challenge_method: "S256" });
    expect(result.key).toMatch(/^xr-/);
    expect(result.user_id).toBe(user.id);
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.hash, hashApiKey(result.key)));
    expect(key).toMatchObject({ userId: user.id, name: "localhost:3000", limitMicro: 3_000_000, limitPeriod: "week" });
    // Single use.
    expect((await failure(exchangeOpenRouterCode({ code, code_verifier: verifier, code_challenge_method: "S256" }))).status).toBe(403);
  });

  it("refuses a wrong verifier (403), plain (400), an expired code (403) and a bad body (400)", async () => {
    const { verifier, code } = await openRouterCode();
    expect((await failure(exchangeOpenRouterCode({ code, code_verifier: pkcePair().verifier, code_challenge_method: "S256" }))).status).toBe(403);
    expect((await failure(exchangeOpenRouterCode({ code, code_verifier: verifier, code_challenge_method: "plain" }))).status).toBe(400);
    expect((await failure(exchangeOpenRouterCode("nope"))).status).toBe(400);
    expect((await failure(exchangeOpenRouterCode({ code_verifier: verifier }))).status).toBe(400);
    await handle.db.update(oauthCodes).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(oauthCodes.hash, hashSecret(code)));
    const expired = await failure(exchangeOpenRouterCode({ code, code_verifier: verifier, code_challenge_method: "S256" }));
    expect(expired.status).toBe(403);
    expect(expired.toBody().error.message).toMatch(/expired/);
  });

  it("GET /auth refuses plain PKCE and bad callbacks without redirecting", () => {
    const { challenge } = pkcePair();
    expect(checkOpenRouterRequest(new URLSearchParams({ callback_url: "http://localhost:3000/cb", code_challenge: challenge, code_challenge_method: "plain" }))).toMatchObject({
      kind: "error_page",
    });
    expect(checkOpenRouterRequest(new URLSearchParams({ callback_url: "http://evil.example/cb", code_challenge: challenge, code_challenge_method: "S256" }))).toMatchObject({
      kind: "error_page",
      error: "invalid_redirect_uri",
    });
  });
});
