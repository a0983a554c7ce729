import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";

/** What signing a JWT needs of a service account's authorized key (the JSON file `yc iam key create` writes). */
export interface ServiceAccountKey {
  /** The key's id: the JWT's `kid`. */
  id: string;
  /** The JWT's `iss`. */
  serviceAccountId: string;
  /** PKCS#8 PEM, without the file's "PLEASE DO NOT REMOVE THIS LINE! …" first line. */
  privateKey: string;
}

const PEM = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/;
const ALGORITHMS = new Set(["RSA_2048", "RSA_4096"]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

/**
 * The authorized key file `{"id", "service_account_id", "created_at", "key_algorithm", "public_key", "private_key"}`,
 * checked: the fields present and a private key that parses as RSA. Its errors say what is wrong and never quote the
 * file (JSON.parse's own message would).
 */
export function parseServiceAccountKey(text: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("is not JSON: paste the whole authorized key file");
  }
  if (!isObject(value)) throw new Error("must be the authorized key file's JSON object");
  const { id, service_account_id: serviceAccountId, key_algorithm: algorithm, private_key: privateKey } = value;
  if (!nonEmpty(id)) throw new Error('has no "id" (the key id)');
  if (!nonEmpty(serviceAccountId)) throw new Error('has no "service_account_id"');
  if (algorithm !== undefined && !ALGORITHMS.has(algorithm as string))
    throw new Error('"key_algorithm" must be RSA_2048 or RSA_4096');
  const pem = typeof privateKey === "string" ? PEM.exec(privateKey)?.[0] : undefined;
  if (!pem) throw new Error('"private_key" must hold a PEM private key (-----BEGIN PRIVATE KEY-----)');
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== "rsa") throw new Error("not RSA");
  } catch {
    throw new Error('"private_key" is not an RSA private key that parses');
  }
  return { id: id.trim(), serviceAccountId: serviceAccountId.trim(), privateKey: pem };
}

/** A zod check turning the key file's text into a ServiceAccountKey; the issue names the problem, never the text. */
const parsed = (text: string, ctx: z.RefinementCtx): ServiceAccountKey => {
  try {
    return parseServiceAccountKey(text);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
    return z.NEVER;
  }
};

/** An admin's pasted key file (an RSA_4096 file is about 4.5 KB); blank counts as absent. */
export const pastedServiceAccountKey = z
  .string()
  .trim()
  .max(16_384, "at most 16 KiB")
  .optional()
  .transform((text, ctx) => (text ? parsed(text, ctx) : undefined));

/** The operator's key file, by path: read and checked at start, so a bad file stops it naming the variable. */
export const serviceAccountKeyFile = z
  .string()
  .min(1)
  .transform((path, ctx) => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      ctx.addIssue({ code: "custom", message: "the file cannot be read" });
      return z.NEVER;
    }
    return parsed(text, ctx);
  });
