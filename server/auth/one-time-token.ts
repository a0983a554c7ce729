import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "../db";
import { verificationTokens } from "../db/schema";

export type TokenPurpose = "verify-email" | "reset-password";

/** What a mailed link's token is stored as. */
export const hashOneTimeToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh token for a link in an email, and the hash to store instead of it. */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOneTimeToken(token) };
}

/** Issues a single-use token for a link in an email; only its hash is stored. */
export async function issueToken(db: Db, purpose: TokenPurpose, email: string, ttlMs: number): Promise<string> {
  const { token, hash: tokenHash } = newOneTimeToken();
  await db.insert(verificationTokens).values({
    identifier: `${purpose}:${email}`,
    token: tokenHash,
    expires: new Date(Date.now() + ttlMs),
  });
  return token;
}

/** Consumes a token (once): the email it was issued for, or undefined when unknown, used or expired. */
export async function consumeToken(db: Db, purpose: TokenPurpose, token: string): Promise<string | undefined> {
  const [row] = await db
    .delete(verificationTokens)
    .where(and(eq(verificationTokens.token, hashOneTimeToken(token)), gt(verificationTokens.expires, new Date())))
    .returning({ identifier: verificationTokens.identifier });
  const prefix = `${purpose}:`;
  return row?.identifier.startsWith(prefix) ? row.identifier.slice(prefix.length) : undefined;
}
