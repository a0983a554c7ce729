import { createHmac } from "node:crypto";
import { randomBase62 } from "../ids";
import { deriveSecret } from "./secrets";

const KEY_PATTERN = /^xr-[0-9A-Za-z]{40,64}$/;

/** A new API key: `xr-` + 48 random base62 characters (~285 bits). */
export function generateApiKey(): string {
  return `xr-${randomBase62(48)}`;
}

/** Format check before any lookup, so garbage never reaches the cache or the database. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** What is stored: SHA-256 HMAC of the key with the server-side pepper, hex. */
export function hashApiKey(key: string): string {
  return createHmac("sha256", deriveSecret("api-key-pepper")).update(key).digest("hex");
}

/** What is shown later: the first characters only. */
export function displayPrefix(key: string): string {
  return `${key.slice(0, 7)}…`;
}
