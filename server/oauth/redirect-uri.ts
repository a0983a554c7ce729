/** Loopback hosts a native app may listen on (RFC 8252 section 7.3); `localhost` is not accepted for clients. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]"]);

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** Why a redirect URI cannot be registered, or null when it is fine: https, or loopback http; no fragment, no credentials. */
export function redirectUriProblem(value: string): string | null {
  if (value.length > 2000) return "redirect URI is too long";
  const url = parse(value);
  if (!url) return "redirect URI must be an absolute URL";
  if (url.hash || value.includes("#")) return "redirect URI must not contain a fragment";
  if (url.username || url.password) return "redirect URI must not contain credentials";
  if (url.protocol === "https:") return url.hostname ? null : "redirect URI needs a host";
  if (isLoopback(url)) return null;
  return "redirect URI must use https, or http on 127.0.0.1 or [::1] (RFC 8252)";
}

/**
 * The registered URI a requested one matches, or null. Matching is exact string comparison, except that a
 * loopback http URI matches on any port (RFC 8252 section 7.3).
 */
export function matchRedirectUri(registered: readonly string[], requested: string): string | null {
  if (registered.includes(requested)) return requested;
  const url = parse(requested);
  if (!url || !isLoopback(url) || url.hash || requested.includes("#") || url.username || url.password) return null;
  for (const candidate of registered) {
    const reg = parse(candidate);
    if (!reg || !isLoopback(reg)) continue;
    if (reg.hostname === url.hostname && reg.pathname === url.pathname && reg.search === url.search) return candidate;
  }
  return null;
}

/**
 * The OpenRouter-compatible flow has no registered client: its callback_url must be https, or http on a
 * loopback host (including `localhost`, which OpenRouter examples use). Null when acceptable.
 */
export function callbackUrlProblem(value: string): string | null {
  const url = parse(value);
  if (!url) return "callback_url must be an absolute URL";
  if (url.hash || value.includes("#")) return "callback_url must not contain a fragment";
  if (url.username || url.password) return "callback_url must not contain credentials";
  if (url.protocol === "https:" && url.hostname) return null;
  if (url.protocol === "http:" && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname === "localhost")) return null;
  return "callback_url must use https, or http on localhost";
}

/** Adds query parameters to a redirect URI, keeping its own. */
export function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
