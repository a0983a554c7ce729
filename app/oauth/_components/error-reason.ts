import { OAUTH_ERROR_CODES } from "@/server/oauth/errors";

/** What an OAuth error page can be about: RFC 6749's codes and the authorization pages' own. */
const OAUTH_ERROR_REASONS = [...OAUTH_ERROR_CODES, "invalid_redirect_uri", "form_expired", "wrong_session"] as const;
export type OAuthErrorReason = (typeof OAUTH_ERROR_REASONS)[number];

/** The reason if this page knows it, else null: text from a URL is never shown as it came. */
export function knownReason(value: string | undefined): OAuthErrorReason | null {
  return (OAUTH_ERROR_REASONS as readonly string[]).includes(value ?? "") ? (value as OAuthErrorReason) : null;
}
