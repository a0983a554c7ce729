import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Db } from "../db";
import { randomBase62 } from "../ids";
import { ACCESS_TOKEN_TTL_SECONDS, CLOCK_TOLERANCE_SECONDS, oauthAudience, oauthIssuer } from "./config";
import { currentSigningKey, verificationKey } from "./signing-keys";

/** RFC 9068 claims of an XRouter access token. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  /** The grant's API key: spending is charged, capped and attributed through it. */
  key_id: string;
  grant_id: string;
}

export interface AccessTokenSubject {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  keyId: string;
  grantId: string;
}

/** Signs a 15-minute ES256 JWT access token (typ at+jwt) with the current key. */
export async function signAccessToken(db: Db, subject: AccessTokenSubject, now = new Date()) {
  const key = await currentSigningKey(db, now);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  const jti = randomBase62(24);
  const token = await new SignJWT({
    client_id: subject.clientId,
    scope: subject.scopes.join(" "),
    key_id: subject.keyId,
    grant_id: subject.grantId,
  })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: key.kid })
    .setIssuer(oauthIssuer())
    .setSubject(subject.userId)
    .setAudience(oauthAudience())
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey!);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, jti, exp };
}

export class AccessTokenError extends Error {
  constructor(
    message: string,
    readonly reason: "malformed" | "expired" | "invalid",
  ) {
    super(message);
    this.name = "AccessTokenError";
  }
}

/** Verifies signature (ES256, a published `kid`), typ, iss, aud and exp; throws AccessTokenError. */
export async function verifyAccessTokenJwt(db: Db, token: string, now = new Date()): Promise<AccessTokenClaims> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new AccessTokenError("malformed access token", "malformed");
  }
  if (!kid) throw new AccessTokenError("access token has no kid", "invalid");
  const key = await verificationKey(db, kid, now);
  if (!key) throw new AccessTokenError("access token is signed by an unknown key", "invalid");
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["ES256"],
      typ: "at+jwt",
      issuer: oauthIssuer(),
      audience: oauthAudience(),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat", "jti", "client_id", "key_id", "grant_id"],
    });
    for (const claim of ["sub", "client_id", "key_id", "grant_id", "jti"] as const) {
      if (typeof payload[claim] !== "string") throw new AccessTokenError(`access token claim ${claim} is not a string`, "invalid");
    }
    return { ...payload, scope: typeof payload.scope === "string" ? payload.scope : "" } as unknown as AccessTokenClaims;
  } catch (err) {
    if (err instanceof AccessTokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new AccessTokenError("access token has expired", "expired");
    throw new AccessTokenError("invalid access token", "invalid");
  }
}
