import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deriveSecret } from "../core/secrets";
import { getConfig } from "../config";
import { randomBase62 } from "../ids";

/** A new opaque secret (codes, refresh tokens, client secrets): prefix + 48 base62 characters (~285 bits). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBase62(48)}`;
}

/** What is stored for codes, refresh tokens and client secrets: HMAC-SHA-256 with a purpose-bound pepper. */
export function hashSecret(value: string): string {
  return createHmac("sha256", deriveSecret("oauth-secret-pepper")).update(value).digest("hex");
}

export function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 7636: a verifier is 43–128 unreserved characters. */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is the base64url SHA-256 of the verifier: always 43 characters. */
export const S256_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Checks a PKCE verifier against an S256 challenge in constant time. */
export function verifyPkce(verifier: string, challenge: string): boolean {
  return CODE_VERIFIER_PATTERN.test(verifier) && sameString(s256(verifier), challenge);
}

function sealKey(): Buffer {
  const configured = getConfig().XROUTER_ENCRYPTION_KEY;
  return configured
    ? createHmac("sha256", createHash("sha256").update(configured).digest()).update("oauth-signing-keys").digest()
    : deriveSecret("oauth-signing-keys");
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function unseal(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("unknown sealed format");
  const decipher = createDecipheriv("aes-256-gcm", sealKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
