const YEAR = 60 * 60 * 24 * 365;
/** The switcher's cookie (ACCOUNT_COOKIE in server/services/organizations/acting-account.ts, a server-only module). */
export const ACCOUNT_COOKIE_NAME = "xr-account";

/** In the browser: the portal's requests act for `orgId` (null: the personal account) from now on. */
export function rememberAccount(orgId: string | null): void {
  document.cookie = orgId ? `${ACCOUNT_COOKIE_NAME}=${orgId}; path=/; max-age=${YEAR}; samesite=lax` : `${ACCOUNT_COOKIE_NAME}=; path=/; max-age=0; samesite=lax`;
}

/** Acts for `orgId` (or the personal account) and loads `path` for it. */
export function chooseAccount(orgId: string | null, path: string): void {
  rememberAccount(orgId);
  window.location.assign(path);
}
