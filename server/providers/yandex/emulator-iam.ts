import { createPublicKey, type KeyObject, randomBytes, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { decodeProtectedHeader, errors, jwtVerify } from "jose";
import { sendJson } from "../emulator/server";
import { YANDEX_IAM_AUDIENCE, type YandexIamTokenResponse, type YandexRpcStatus } from "./wire";

/** The public part of an authorized key file, as `yc iam key create` writes it: what IAM checks a JWT against. */
export interface EmulatedAuthorizedKey {
  id: string;
  service_account_id: string;
  /** SPKI PEM. */
  public_key: string;
}

/** The longest a JWT may live (docs: `exp - iat ≤ 3600`), and how far clocks may disagree (UNCONFIRMED). */
const JWT_MAX_LIFETIME_S = 3600;
const CLOCK_SKEW_S = 60;

class IamHttpError extends Error {
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Yandex Cloud errors outside Foundation Models are google.rpc.Status bodies `{"code","message","details"}`
 * (api-design-guide "Errors"): INVALID_ARGUMENT (3) → 400, UNAUTHENTICATED (16) → 401. Which of the two IAM answers
 * for each JWT problem, and its texts, are UNCONFIRMED.
 */
function sendRpcError(res: ServerResponse, err: IamHttpError): void {
  const requestId = randomUUID();
  const body: YandexRpcStatus = {
    code: err.status === 400 ? 3 : 16,
    message: err.message,
    details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", requestId }],
  };
  sendJson(res, err.status, body, { "x-request-id": requestId });
}

/** RFC 3339 with nanoseconds, as IAM writes `expiresAt` (proto Timestamp JSON). */
const rfc3339Nanos = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

/**
 * The IAM token endpoint (`POST /iam/v1/tokens {"jwt"}` → `{"iamToken","expiresAt"}`) and the tokens it issued.
 * A JWT is taken as the docs describe it: PS256 with the `kid` of a configured key, `iss` its service account,
 * `aud` the real endpoint's URL, `iat`/`exp` at most an hour apart, not expired and not more than an hour ahead.
 */
export class EmulatedIam {
  private readonly keys: Map<string, { serviceAccountId: string; publicKey: KeyObject }>;
  private readonly issued = new Map<string, number>();

  constructor(
    keys: readonly EmulatedAuthorizedKey[],
    private readonly tokenLifetimeMs: number,
  ) {
    this.keys = new Map(
      keys.map((k) => [k.id, { serviceAccountId: k.service_account_id, publicKey: createPublicKey(k.public_key) }]),
    );
  }

  /** Whether `token` is one this endpoint issued, and whether it is still alive. */
  tokenState(token: string): "valid" | "expired" | undefined {
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return undefined;
    return Date.now() < expiresAt ? "valid" : "expired";
  }

  async createToken(res: ServerResponse, raw: string): Promise<void> {
    try {
      const jwt = parseJwtField(raw);
      await this.verify(jwt);
      const token = `t1.${randomBytes(48).toString("base64url")}`;
      const expiresAt = Date.now() + this.tokenLifetimeMs;
      for (const [old, until] of this.issued) if (until < Date.now() - 60_000) this.issued.delete(old);
      this.issued.set(token, expiresAt);
      const body: YandexIamTokenResponse = { iamToken: token, expiresAt: rfc3339Nanos(expiresAt) };
      sendJson(res, 200, body);
    } catch (err) {
      if (!(err instanceof IamHttpError)) throw err;
      sendRpcError(res, err);
    }
  }

  private async verify(jwt: string): Promise<void> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      throw new IamHttpError(400, "Invalid JWT: cannot be decoded");
    }
    if (header.alg !== "PS256")
      throw new IamHttpError(400, `Invalid JWT: unsupported algorithm ${String(header.alg)}, only PS256`);
    const key = typeof header.kid === "string" ? this.keys.get(header.kid) : undefined;
    if (!key) throw new IamHttpError(401, `Key ${String(header.kid ?? "")} not found`);
    let payload: { iat?: number; exp?: number };
    try {
      ({ payload } = await jwtVerify(jwt, key.publicKey, {
        algorithms: ["PS256"],
        issuer: key.serviceAccountId,
        audience: YANDEX_IAM_AUDIENCE,
        requiredClaims: ["iat", "exp"],
      }));
    } catch (err) {
      if (err instanceof errors.JOSEError) throw new IamHttpError(401, `Invalid JWT: ${err.message}`);
      throw err;
    }
    const now = Date.now() / 1000;
    if (payload.exp! - payload.iat! > JWT_MAX_LIFETIME_S)
      throw new IamHttpError(400, "Invalid JWT: exp must be at most 3600 seconds after iat");
    if (payload.exp! > now + JWT_MAX_LIFETIME_S + CLOCK_SKEW_S)
      throw new IamHttpError(400, "Invalid JWT: exp is more than an hour ahead");
  }
}

/**
 * What the `Authorization` header's Bearer secret is to the emulator: its API key stands in for any IAM token (as
 * before tokens were issued), a token it issued is valid until it expires; anything else is unknown (undefined).
 */
export function bearerState(
  authorization: string | undefined,
  apiKey: string,
  iam: EmulatedIam,
): "valid" | "expired" | undefined {
  if (!authorization?.startsWith("Bearer ")) return undefined;
  const secret = authorization.slice("Bearer ".length);
  return secret === apiKey ? "valid" : iam.tokenState(secret);
}

function parseJwtField(raw: string): string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new IamHttpError(400, "invalid JSON in request body");
  }
  const jwt = body !== null && typeof body === "object" ? (body as { jwt?: unknown }).jwt : undefined;
  if (typeof jwt !== "string" || jwt === "")
    throw new IamHttpError(400, "jwt: required (the emulator takes no OAuth tokens)");
  return jwt;
}
