import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import { registerClient } from "../services/oauth/register-client";
import { createUser } from "../services/users/create-user";
import { checkAuthorizeRequest, issueCode, type Consent } from "../oauth/authorize";
import { s256 } from "../oauth/crypto";

/** Test helpers for the OAuth server: a user, an app, PKCE pairs and approved codes. */
export const REDIRECT = "https://app.example.test/callback";

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: s256(verifier) };
}

export async function oauthUser(db: Db) {
  return createUser(db, { email: `oauth-${crypto.randomUUID().slice(0, 8)}@example.test`, emailVerified: new Date() });
}

export async function oauthApp(db: Db, type: "public" | "confidential" = "public", redirectUris = [REDIRECT, "http://127.0.0.1/cb"]) {
  const owner = await oauthUser(db);
  const { client, clientSecret } = await registerClient(db, owner.id, { name: `Test app ${type}`, redirectUris, type });
  return { client, clientSecret, owner };
}

export const defaultConsent: Consent = { capMicro: 50_000_000, capPeriod: "month", grantExpiresAt: null };

/** Runs /oauth/authorize checks and approval for the user; returns the code and the redirect it came with. */
export async function approvedCode(
  db: Db,
  options: { clientId: string; userId: string; redirectUri?: string; scope?: string; state?: string; consent?: Consent; now?: Date },
) {
  const { verifier, challenge } = pkcePair();
  const params = new URLSearchParams({
    response_type: "code",
    client_id: options.clientId,
    redirect_uri: options.redirectUri ?? REDIRECT,
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope: options.scope ?? "chat usage:read",
    state: options.state ?? "st-123",
  });
  const check = await checkAuthorizeRequest(db, params);
  if (check.kind !== "ok") throw new Error(`authorize failed: ${JSON.stringify(check)}`);
  const location = new URL(await issueCode(db, check.request, options.userId, options.consent ?? defaultConsent, options.now));
  return { code: location.searchParams.get("code")!, location, verifier, challenge, redirectUri: options.redirectUri ?? REDIRECT };
}

/** A POST to an OAuth endpoint as a form. */
export function formRequest(path: string, body: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

export function basicAuth(clientId: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}` };
}
