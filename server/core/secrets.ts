import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";
import { getConfig } from "../config";
import { secretFile } from "../secret-file";

/**
 * The server secret: AUTH_SECRET, or on a machine without one a random secret kept in the data
 * folder (so `npm start` works with no environment). Several instances must share AUTH_SECRET.
 */
export function getServerSecret(): string {
  const g = globalThis as { __xrouterSecret?: string };
  if (g.__xrouterSecret) return g.__xrouterSecret;
  const config = getConfig();
  if (config.AUTH_SECRET) return (g.__xrouterSecret = config.AUTH_SECRET);
  const file = path.join(config.XROUTER_DATA_DIR, "auth-secret");
  return (g.__xrouterSecret = secretFile(file, () => randomBytes(32).toString("base64url")));
}

let derived: { from: string; byPurpose: Map<string, Buffer> } | undefined;

/** A purpose-bound key derived from the server secret (e.g. the API key pepper); derived once per purpose. */
export function deriveSecret(purpose: string): Buffer {
  const secret = getServerSecret();
  if (derived?.from !== secret) derived = { from: secret, byPurpose: new Map() };
  let key = derived.byPurpose.get(purpose);
  if (!key) {
    key = createHmac("sha256", secret).update(purpose).digest();
    derived.byPurpose.set(purpose, key);
  }
  return key;
}
