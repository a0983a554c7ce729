import { createHash } from "node:crypto";
import type { Principal } from "../../core/principal";

/**
 * Request fields that never change the answer: a streamed and a JSON request share their cached answer, and the
 * conversation ids only pick the route.
 */
const IGNORED_FIELDS = new Set(["stream", "stream_options", "user", "usage", "prompt_cache_key", "session_id"]);

/** JSON with every object's keys sorted, so the same request hashes the same whatever order its fields came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the endpoint and everything in the validated request that changes the answer. */
export function cacheKeyHash(endpoint: string, req: object): string {
  const fields = Object.fromEntries(Object.entries(req).filter(([field]) => !IGNORED_FIELDS.has(field)));
  return createHash("sha256").update(canonicalJson({ endpoint, request: fields })).digest("hex");
}

/**
 * Whose cached answers a caller sees. Always the owner's (a user never reads another's); within that, the key's own
 * namespace when the key does not share or is an OAuth grant's (an app never learns what its user asked elsewhere).
 * `versions` are the namespaces' version keys, outermost first: setting one purges everything under it.
 */
export interface CacheScope {
  kind: "user" | "key";
  /** The entries' key prefix, before the versions. */
  prefix: string;
  versions: string[];
}

export const ALL_VERSION_KEY = "cachev:all";
const userVersionKey = (userId: string) => `cachev:u:${userId}`;
const keyVersionKey = (keyId: string) => `cachev:k:${keyId}`;

export function cacheScope(principal: Principal): CacheScope {
  const own = principal.grantId !== undefined || principal.cache?.shared === false;
  return own
    ? { kind: "key", prefix: `cache:k:${principal.keyId}:`, versions: [ALL_VERSION_KEY, userVersionKey(principal.userId), keyVersionKey(principal.keyId)] }
    : { kind: "user", prefix: `cache:u:${principal.userId}:`, versions: [ALL_VERSION_KEY, userVersionKey(principal.userId)] };
}

/** The version key a purge of the scope sets. */
export const purgedVersionKey = (scope: CacheScope): string => scope.versions.at(-1)!;
