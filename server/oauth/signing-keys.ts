import { desc } from "drizzle-orm";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { Db } from "../db";
import { oauthSigningKeys } from "../db/schema";
import { getLogger } from "../logging/logger";
import { ACCESS_TOKEN_TTL_SECONDS, CLOCK_TOLERANCE_SECONDS, SIGNING_KEY_ROTATE_MS } from "./config";
import { seal, unseal } from "./crypto";

/** How long a process keeps its list of signing keys before reading it again. */
const KEY_CACHE_MS = 60_000;
/** A verifier that meets an unknown `kid` reloads the keys, but not more often than this. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

export interface SigningKey {
  kid: string;
  createdAt: Date;
  publicJwk: JWK;
  /** Null when the private half can no longer be opened (the encryption key changed). */
  privateKey: CryptoKey | null;
  publicKey: CryptoKey;
}

type KeyCache = { keys: SigningKey[]; loadedAt: number; loading?: Promise<SigningKey[]> };

function cache(): KeyCache {
  const g = globalThis as { __xrouterOAuthKeys?: KeyCache };
  g.__xrouterOAuthKeys ??= { keys: [], loadedAt: 0 };
  return g.__xrouterOAuthKeys;
}

/** Forgets the cached keys (tests, rotation). */
export function clearSigningKeyCache(): void {
  const c = cache();
  c.keys = [];
  c.loadedAt = 0;
  c.loading = undefined;
}

async function readKeys(db: Db): Promise<SigningKey[]> {
  const rows = await db.select().from(oauthSigningKeys).orderBy(desc(oauthSigningKeys.createdAt));
  const keys: SigningKey[] = [];
  for (const row of rows) {
    const publicJwk = row.publicJwk as JWK;
    const publicKey = (await importJWK({ ...publicJwk, alg: "ES256" }, "ES256")) as CryptoKey;
    let privateKey: CryptoKey | null = null;
    try {
      privateKey = (await importJWK(JSON.parse(unseal(row.privateJwkSealed)) as JWK, "ES256")) as CryptoKey;
    } catch (err) {
      getLogger().warn({ err, kid: row.kid }, "cannot open an OAuth signing key (encryption key changed?); it only verifies now");
    }
    keys.push({ kid: row.kid, createdAt: row.createdAt, publicJwk, privateKey, publicKey });
  }
  return keys;
}

async function loadKeys(db: Db, force = false): Promise<SigningKey[]> {
  const c = cache();
  if (!force && c.loadedAt + KEY_CACHE_MS > Date.now()) return c.keys;
  c.loading ??= readKeys(db).finally(() => (c.loading = undefined));
  const keys = await c.loading;
  c.keys = keys;
  c.loadedAt = Date.now();
  return keys;
}

/** Makes a new ES256 key; from now on it signs, and the previous keys keep verifying until their tokens expire. */
export async function rotateSigningKey(db: Db, now = new Date()): Promise<SigningKey[]> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const { d: _private, ...publicJwk } = privateJwk;
  void _private;
  const kid = await calculateJwkThumbprint(publicJwk);
  await db.insert(oauthSigningKeys).values({
    kid,
    publicJwk: { ...publicJwk, kid, alg: "ES256", use: "sig" },
    privateJwkSealed: seal(JSON.stringify(privateJwk)),
    createdAt: now,
  });
  return loadKeys(db, true);
}

/** The key that signs now: the newest usable one, made (or rotated) on demand. */
export async function currentSigningKey(db: Db, now = new Date()): Promise<SigningKey> {
  let keys = await loadKeys(db);
  let newest = keys.find((k) => k.privateKey);
  if (!newest || newest !== keys[0] || newest.createdAt.getTime() + SIGNING_KEY_ROTATE_MS <= now.getTime()) {
    keys = await loadKeys(db, true);
    newest = keys.find((k) => k.privateKey);
    if (!newest || newest !== keys[0] || newest.createdAt.getTime() + SIGNING_KEY_ROTATE_MS <= now.getTime()) {
      keys = await rotateSigningKey(db, now);
      newest = keys.find((k) => k.privateKey);
    }
  }
  if (!newest) throw new Error("no usable OAuth signing key");
  return newest;
}

/**
 * How long a key keeps verifying after its successor appeared: processes may still sign with it until
 * their key cache refreshes, and those tokens live ACCESS_TOKEN_TTL_SECONDS.
 */
const RETIRE_AFTER_MS = KEY_CACHE_MS + (ACCESS_TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000;

function published(keys: SigningKey[], now: Date): SigningKey[] {
  // keys are newest first: keys[i - 1] is the successor of keys[i].
  return keys.filter((_, i) => i === 0 || keys[i - 1]!.createdAt.getTime() + RETIRE_AFTER_MS > now.getTime());
}

/** The JWK set for /.well-known/jwks.json: the signing key and the retired ones whose tokens may still be live. */
export async function publicJwks(db: Db, now = new Date()): Promise<{ keys: JWK[] }> {
  const keys = await loadKeys(db);
  return { keys: published(keys, now).map((k) => k.publicJwk) };
}

/** The public key for a token's `kid`, if that key is still published. */
export async function verificationKey(db: Db, kid: string, now = new Date()): Promise<CryptoKey | null> {
  let keys = await loadKeys(db);
  let key = published(keys, now).find((k) => k.kid === kid);
  if (!key && cache().loadedAt + UNKNOWN_KID_RELOAD_MS <= Date.now()) {
    keys = await loadKeys(db, true);
    key = published(keys, now).find((k) => k.kid === kid);
  }
  return key?.publicKey ?? null;
}
