import { badRequest } from "../../core/errors";

/** What a request asked of the response cache (`x-xrouter-cache`, `x-xrouter-cache-ttl`). */
export interface CacheDirective {
  /** use: look up and keep (even when the key's cache is off); bypass: neither; refresh: call and keep anew. */
  mode?: "use" | "bypass" | "refresh";
  ttlSeconds?: number;
}

/** The raw header values, as the door read them. */
export interface CacheHeaders {
  mode?: string;
  ttl?: string;
}

export const MIN_CACHE_TTL_SECONDS = 1;
export const MAX_CACHE_TTL_SECONDS = 7 * 24 * 60 * 60;

const MODES = new Set(["use", "bypass", "refresh"]);

/** The headers as a directive; a value that is not one of them is a 400 naming the header. */
export function cacheDirective(headers: CacheHeaders | undefined): CacheDirective {
  const directive: CacheDirective = {};
  const mode = headers?.mode?.trim().toLowerCase();
  if (mode) {
    if (!MODES.has(mode)) throw badRequest("header x-xrouter-cache must be use, bypass or refresh", "x-xrouter-cache", "invalid_cache_header");
    directive.mode = mode as CacheDirective["mode"];
  }
  const ttl = headers?.ttl?.trim();
  if (ttl !== undefined && ttl !== "") {
    const seconds = /^\d+$/.test(ttl) ? Number(ttl) : NaN;
    if (!(seconds >= MIN_CACHE_TTL_SECONDS && seconds <= MAX_CACHE_TTL_SECONDS))
      throw badRequest(
        `header x-xrouter-cache-ttl must be whole seconds from ${MIN_CACHE_TTL_SECONDS} to ${MAX_CACHE_TTL_SECONDS}`,
        "x-xrouter-cache-ttl",
        "invalid_cache_header",
      );
    directive.ttlSeconds = seconds;
  }
  return directive;
}
