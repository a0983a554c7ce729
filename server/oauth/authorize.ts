import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db";
import { apiKeys, oauthClients, oauthCodes, oauthGrants, users } from "../db/schema";
import { CODE_TTL_MS, oauthIssuer, parseScopes, type CapPeriod, type OAuthScope } from "./config";
import { hashSecret, newSecret, S256_CHALLENGE_PATTERN } from "./crypto";
import type { OAuthErrorCode } from "./errors";
import { callbackUrlProblem, matchRedirectUri, withParams } from "./redirect-uri";

export type ClientRow = typeof oauthClients.$inferSelect;

/** A request the user may be asked to approve. `oauth`: a registered client; `openrouter`: GET /auth. */
export type AuthorizeRequest =
  | {
      kind: "oauth";
      client: ClientRow;
      redirectUri: string;
      scopes: OAuthScope[];
      codeChallenge: string;
      state: string | undefined;
      /** prompt=consent: show the consent page even when a remembered consent covers the request. */
      forceConsent: boolean;
    }
  | { kind: "openrouter"; callbackUrl: string; scopes: OAuthScope[]; codeChallenge: string };

export type AuthorizeCheck =
  /** Shown to the user, never redirected: the client or redirect URI cannot be trusted. */
  | { kind: "error_page"; error: "invalid_client" | "invalid_redirect_uri" | "invalid_request"; description: string }
  /** An error reported to the (verified) redirect URI, RFC 6749 section 4.1.2.1. */
  | { kind: "redirect"; url: string }
  | { kind: "ok"; request: AuthorizeRequest };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function toSearchParams(params: Params): URLSearchParams {
  if (params instanceof URLSearchParams) return params;
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const v of value) out.append(name, v);
    else if (value !== undefined) out.append(name, value);
  }
  return out;
}

/** The error redirect: error, description, state and iss (RFC 9207). */
export function errorRedirect(redirectUri: string, error: OAuthErrorCode, description: string, state: string | undefined): string {
  return withParams(redirectUri, { error, error_description: description, state, iss: oauthIssuer() });
}

/**
 * Checks GET /oauth/authorize. The client and the redirect URI are checked first: until both are known to
 * be good, problems are shown on an error page and nothing is redirected anywhere.
 */
export async function checkAuthorizeRequest(db: Db, input: Params): Promise<AuthorizeCheck> {
  const params = toSearchParams(input);
  const single = (name: string) => {
    const all = params.getAll(name);
    return all.length > 1 ? null : (all[0] ?? undefined);
  };
  const clientId = single("client_id");
  if (clientId === null) return { kind: "error_page", error: "invalid_request", description: "client_id is repeated" };
  if (!clientId) return { kind: "error_page", error: "invalid_request", description: "client_id is missing" };
  const [row] = await db
    .select({ client: oauthClients, ownerDisabledAt: users.disabledAt })
    .from(oauthClients)
    .innerJoin(users, eq(users.id, oauthClients.userId))
    .where(eq(oauthClients.id, clientId));
  if (!row) return { kind: "error_page", error: "invalid_client", description: "unknown client_id" };
  const { client } = row;
  const requestedUri = single("redirect_uri");
  if (requestedUri === null) return { kind: "error_page", error: "invalid_request", description: "redirect_uri is repeated" };
  if (!requestedUri) return { kind: "error_page", error: "invalid_redirect_uri", description: "redirect_uri is missing" };
  if (!matchRedirectUri(client.redirectUris, requestedUri))
    return { kind: "error_page", error: "invalid_redirect_uri", description: "redirect_uri is not registered for this app" };

  // From here on, errors go back to the app.
  const stateValue = params.getAll("state");
  const state = stateValue.length === 1 ? stateValue[0] : undefined;
  const fail = (error: OAuthErrorCode, description: string): AuthorizeCheck => ({
    kind: "redirect",
    url: errorRedirect(requestedUri, error, description, state),
  });
  for (const name of ["response_type", "code_challenge", "code_challenge_method", "scope", "state", "prompt"]) {
    if (params.getAll(name).length > 1) return fail("invalid_request", `${name} is repeated`);
  }
  if (row.ownerDisabledAt) return fail("unauthorized_client", "this app is disabled");
  const responseType = single("response_type");
  if (!responseType) return fail("invalid_request", "response_type is missing");
  if (responseType !== "code") return fail("unsupported_response_type", "only response_type=code is supported");
  const method = single("code_challenge_method");
  const challenge = single("code_challenge");
  if (!challenge) return fail("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256");
  if (method !== "S256") return fail("invalid_request", "code_challenge_method must be S256 (plain is not supported)");
  if (!S256_CHALLENGE_PATTERN.test(challenge)) return fail("invalid_request", "code_challenge must be a base64url SHA-256 (43 characters)");
  const scopes = parseScopes(single("scope"));
  if (!scopes || scopes.length === 0) return fail("invalid_scope", "scope must be made of chat, models:read, usage:read, keys:manage");
  const prompt = single("prompt");
  if (prompt && prompt !== "consent" && prompt !== "login") {
    if (prompt === "none") return fail("invalid_request", "prompt=none is not supported");
    return fail("invalid_request", "unsupported prompt value");
  }
  return {
    kind: "ok",
    request: { kind: "oauth", client, redirectUri: requestedUri, scopes, codeChallenge: challenge, state, forceConsent: prompt === "consent" },
  };
}

/** Checks GET /auth (OpenRouter's flow): there is no client, only the callback URL, so every error is a page. */
export function checkOpenRouterRequest(input: Params): AuthorizeCheck {
  const params = toSearchParams(input);
  const get = (name: string) => (params.getAll(name).length === 1 ? params.get(name)! : undefined);
  const callbackUrl = get("callback_url");
  if (!callbackUrl) return { kind: "error_page", error: "invalid_redirect_uri", description: "callback_url is missing" };
  const problem = callbackUrlProblem(callbackUrl);
  if (problem) return { kind: "error_page", error: "invalid_redirect_uri", description: problem };
  const challenge = get("code_challenge");
  const method = get("code_challenge_method");
  if (!challenge) return { kind: "error_page", error: "invalid_request", description: "code_challenge is required (PKCE with S256)" };
  if (method !== "S256") return { kind: "error_page", error: "invalid_request", description: "code_challenge_method must be S256 (plain is not supported)" };
  if (!S256_CHALLENGE_PATTERN.test(challenge)) return { kind: "error_page", error: "invalid_request", description: "code_challenge must be a base64url SHA-256 (43 characters)" };
  return { kind: "ok", request: { kind: "openrouter", callbackUrl, scopes: ["chat"], codeChallenge: challenge } };
}

/** The user's live consent for the app if it covers the requested scopes (remembered consent), else null. */
export async function rememberedGrant(db: Db, userId: string, clientId: string, scopes: readonly string[], now = new Date()) {
  const [row] = await db
    .select({ grant: oauthGrants, keyRevokedAt: apiKeys.revokedAt, keyDisabledAt: apiKeys.disabledAt })
    .from(oauthGrants)
    .innerJoin(apiKeys, eq(apiKeys.id, oauthGrants.keyId))
    .where(and(eq(oauthGrants.userId, userId), eq(oauthGrants.clientId, clientId), isNull(oauthGrants.revokedAt)));
  if (!row || row.keyRevokedAt || row.keyDisabledAt) return null;
  const { grant } = row;
  if (grant.expiresAt && grant.expiresAt.getTime() <= now.getTime()) return null;
  return scopes.every((s) => grant.scopes.includes(s)) ? grant : null;
}

export interface Consent {
  capMicro: number;
  capPeriod: CapPeriod;
  /** When the grant ends; null means until revoked. */
  grantExpiresAt: Date | null;
}

/** Stores a 60-second single-use code for an approved request and returns where to send the browser. */
export async function issueCode(db: Db, request: AuthorizeRequest, userId: string, consent: Consent, now = new Date()): Promise<string> {
  const code = newSecret("xrcode-");
  await db.insert(oauthCodes).values({
    hash: hashSecret(code),
    kind: request.kind,
    clientId: request.kind === "oauth" ? request.client.id : null,
    userId,
    redirectUri: request.kind === "oauth" ? request.redirectUri : request.callbackUrl,
    codeChallenge: request.codeChallenge,
    scopes: request.scopes,
    capMicro: consent.capMicro,
    capPeriod: consent.capPeriod,
    grantExpiresAt: consent.grantExpiresAt,
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    createdAt: now,
  });
  if (request.kind === "openrouter") return withParams(request.callbackUrl, { code });
  return withParams(request.redirectUri, { code, state: request.state, iss: oauthIssuer() });
}

/** Where a denial goes: access_denied with the state (OpenRouter's flow gets the same error parameter). */
export function denyRedirect(request: AuthorizeRequest): string {
  if (request.kind === "openrouter") return withParams(request.callbackUrl, { error: "access_denied" });
  return errorRedirect(request.redirectUri, "access_denied", "the user denied the request", request.state);
}
