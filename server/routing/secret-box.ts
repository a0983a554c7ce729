import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { deriveSecret } from "../core/secrets";
import { getConfig } from "../config";

/** AES-256-GCM key: XROUTER_ENCRYPTION_KEY when set, else derived from the server secret. */
function key(): Buffer {
  const configured = getConfig().XROUTER_ENCRYPTION_KEY;
  return configured ? createHash("sha256").update(configured).digest() : deriveSecret("provider-account-encryption");
}

/** Encrypts provider credentials for storage: `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function open(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
