import { eq } from "drizzle-orm";
import { getDb, type Db } from "../../db";
import { oauthCodes, users } from "../../db/schema";
import { GatewayError, badRequest } from "../../core/errors";
import { createKeyForCode } from "./grant-from-code";
import { hashSecret, verifyPkce } from "../../oauth/crypto";

const forbidden = (message: string) => new GatewayError(403, message, "permission_error", "invalid_code");

/** The key's name: the callback's host, e.g. `myapp.example.com` or `localhost:3000`. */
function keyNameFor(callbackUrl: string): string {
  try {
    return new URL(callbackUrl).host.slice(0, 100) || "OpenRouter app";
  } catch {
    return "OpenRouter app";
  }
}

/**
 * POST /api/v1/auth/keys (OpenRouter's PKCE flow): `{code, code_verifier, code_challenge_method}` →
 * `{key}`, a new API key of the user who approved GET /auth, named after the callback host, limited to the
 * cap they chose. Errors as OpenRouter documents them: 400 bad input or method, 403 wrong code or verifier.
 */
export async function exchangeOpenRouterCode(body: unknown, options: { db?: Db; now?: Date } = {}): Promise<{ key: string; user_id: string }> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("the body must be a JSON object");
  const { code, code_verifier: verifier, code_challenge_method: method } = body as Record<string, unknown>;
  if (typeof code !== "string" || code === "") throw badRequest("code is required", "code");
  if (method !== undefined && method !== null && method !== "S256")
    throw badRequest("code_challenge_method must be S256 (plain is not supported)", "code_challenge_method", "invalid_code_challenge_method");
  if (typeof verifier !== "string" || verifier === "") throw badRequest("code_verifier is required", "code_verifier");
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(oauthCodes).where(eq(oauthCodes.hash, hashSecret(code))).for("update");
    if (!row || row.kind !== "openrouter") throw forbidden("invalid code or code_verifier");
    if (row.usedAt) throw forbidden("this code was already used");
    if (row.expiresAt.getTime() <= now.getTime()) throw forbidden("this code has expired");
    if (!verifyPkce(verifier, row.codeChallenge)) throw forbidden("invalid code or code_verifier");
    const [user] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, row.userId));
    if (!user || user.disabledAt) throw forbidden("this account is disabled");
    await tx.update(oauthCodes).set({ usedAt: now }).where(eq(oauthCodes.hash, row.hash));
    const { key } = await createKeyForCode(tx, row, keyNameFor(row.redirectUri));
    return { key, user_id: row.userId };
  });
}
