import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { oauthClients, users } from "../db/schema";
import { BodyTooLargeError, readLimitedText } from "../net/limited-body";
import { hashSecret, sameString } from "./crypto";
import { OAuthError } from "./errors";
import type { ClientRow } from "./authorize";

/**
 * Reads an endpoint's form body (application/x-www-form-urlencoded; JSON is tolerated) of at most 64 KiB (the
 * endpoints are anonymous); repeated parameters are refused.
 */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  let text: string;
  try {
    text = await readLimitedText(request);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new OAuthError("invalid_request", err.message, 413);
    throw err;
  }
  let form: URLSearchParams;
  if (type.includes("application/json")) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OAuthError("invalid_request", "the body is not valid JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new OAuthError("invalid_request", "the body must be an object");
    form = new URLSearchParams();
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) if (typeof value === "string") form.set(name, value);
  } else {
    form = new URLSearchParams(text);
  }
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name)) throw new OAuthError("invalid_request", `${name} is repeated`);
    seen.add(name);
  }
  return form;
}

export interface AuthenticatedClient {
  client: ClientRow;
  method: "client_secret_basic" | "client_secret_post" | "none";
}

const BASIC_CHALLENGE = { "www-authenticate": 'Basic realm="xrouter", charset="UTF-8"' };

function decodeBasicPart(value: string): string {
  // RFC 6749 section 2.3.1: the id and secret are form-urlencoded before Basic encoding.
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/**
 * Authenticates the client of a token, revocation or introspection request: client_secret_basic or
 * client_secret_post for confidential clients, client_id alone for public ones (unless `confidentialOnly`).
 * Failures are invalid_client (401; with WWW-Authenticate when Basic was tried).
 */
export async function authenticateClient(db: Db, request: Request, form: URLSearchParams, options: { confidentialOnly?: boolean } = {}): Promise<AuthenticatedClient> {
  const authorization = request.headers.get("authorization");
  let clientId = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  let method: AuthenticatedClient["method"] = secret !== undefined ? "client_secret_post" : "none";
  const basic = authorization ? /^Basic\s+(\S+)$/i.exec(authorization) : null;
  if (authorization && !basic) throw new OAuthError("invalid_client", "unsupported client authentication scheme", 401, BASIC_CHALLENGE);
  if (basic) {
    if (secret !== undefined) throw new OAuthError("invalid_request", "use one client authentication method, not both");
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new OAuthError("invalid_client", "malformed Basic credentials", 401, BASIC_CHALLENGE);
    let basicId: string;
    try {
      basicId = decodeBasicPart(decoded.slice(0, colon));
      secret = decodeBasicPart(decoded.slice(colon + 1));
    } catch {
      throw new OAuthError("invalid_client", "malformed Basic credentials", 401, BASIC_CHALLENGE);
    }
    if (clientId !== undefined && clientId !== basicId) throw new OAuthError("invalid_request", "client_id does not match the Basic credentials");
    clientId = basicId;
    method = "client_secret_basic";
  }
  const challenge = basic ? BASIC_CHALLENGE : {};
  if (!clientId) throw new OAuthError("invalid_client", "client authentication is required", 401, challenge);
  const [row] = await db
    .select({ client: oauthClients, ownerDisabledAt: users.disabledAt })
    .from(oauthClients)
    .innerJoin(users, eq(users.id, oauthClients.userId))
    .where(eq(oauthClients.id, clientId));
  if (!row) throw new OAuthError("invalid_client", "unknown client", 401, challenge);
  const { client } = row;
  if (client.type === "confidential") {
    if (secret === undefined) throw new OAuthError("invalid_client", "this client must authenticate with its secret", 401, challenge);
    if (!client.secretHash || !sameString(hashSecret(secret), client.secretHash))
      throw new OAuthError("invalid_client", "client authentication failed", 401, challenge);
  } else {
    if (options.confidentialOnly) throw new OAuthError("invalid_client", "only confidential clients may use this endpoint", 401, challenge);
    if (secret !== undefined) throw new OAuthError("invalid_client", "a public client has no secret", 401, challenge);
  }
  if (row.ownerDisabledAt) throw new OAuthError("unauthorized_client", "this app is disabled");
  return { client, method };
}
