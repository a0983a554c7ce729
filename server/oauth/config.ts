import { publicUrl } from "../core/public-url";

/** What an app may ask for. `chat` is calling the API (chat, embeddings, key and credit info). */
export const OAUTH_SCOPES = ["chat", "models:read", "usage:read", "keys:manage"] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];
export const DEFAULT_SCOPES: OAuthScope[] = ["chat"];

export const CAP_PERIODS = ["day", "week", "month", "total"] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

/** Grant expiry choices on the consent page, in days; 0 means until revoked. */
export const GRANT_EXPIRY_DAYS = [1, 7, 30, 90, 365, 0] as const;

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const CODE_TTL_MS = 60_000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** A new signing key is made when the newest is older than this. */
export const SIGNING_KEY_ROTATE_MS = 30 * 24 * 60 * 60 * 1000;
/** Clock skew tolerated when verifying tokens. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The issuer (RFC 8414): XROUTER_PUBLIC_URL, else http://localhost:<PORT>; the same in every process. */
export function oauthIssuer(): string {
  return publicUrl();
}

/** The resource the access tokens are for (the `aud` claim): the public API. */
export function oauthAudience(): string {
  return `${oauthIssuer()}/api/v1`;
}

export function isOAuthScope(value: string): value is OAuthScope {
  return (OAUTH_SCOPES as readonly string[]).includes(value);
}

/** Splits a space-delimited scope parameter (RFC 6749 section 3.3); null when it names an unknown scope. */
export function parseScopes(value: string | null | undefined): OAuthScope[] | null {
  if (value === null || value === undefined || value.trim() === "") return [...DEFAULT_SCOPES];
  const parts = [...new Set(value.trim().split(/ +/))];
  if (!parts.every(isOAuthScope)) return null;
  return OAUTH_SCOPES.filter((s) => parts.includes(s));
}
