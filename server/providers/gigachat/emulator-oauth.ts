import type { IncomingMessage } from "node:http";
import type { GigaChatOAuthError } from "./wire";

/** The account an emulator serves: its token endpoint accepts only this key and this scope. */
export interface GigaChatEmulatorAccount {
  clientId: string;
  clientSecret: string;
  scope: string;
}

export const GIGACHAT_EMULATOR_DEFAULTS: GigaChatEmulatorAccount = {
  clientId: "demo-client",
  clientSecret: "demo-secret",
  scope: "GIGACHAT_API_PERS",
};

/** The console's "Authorization Key" for an account: base64(client_id:client_secret). */
export function authorizationKey(account: Pick<GigaChatEmulatorAccount, "clientId" | "clientSecret">): string {
  return Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64");
}

export interface OAuthRefusal {
  status: number;
  body: GigaChatOAuthError;
}

const SCOPES = new Set(["GIGACHAT_API_PERS", "GIGACHAT_API_B2B", "GIGACHAT_API_CORP"]);
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RQUID_MEMORY = 10_000;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `client_id:client_secret` a key decodes to, or undefined when it is not base64 of such a pair. */
function decodeKey(key: string): string | undefined {
  if (!BASE64.test(key)) return undefined;
  const decoded = Buffer.from(key, "base64").toString("utf8");
  return decoded.includes(":") && !decoded.includes("\uFFFD") ? decoded : undefined;
}

/**
 * The checks of `POST /api/v2/oauth` (providers.md §1.2), in a stateful closure that remembers the last RqUIDs.
 * Returns undefined for a request that earns a token, else GigaChat's `{code, message}` refusal:
 * - RqUID missing, not a uuid4 or already used: 400. The status is documented ("Описание ошибок"); the body and the
 *   reuse check are UNCONFIRMED (the docs ask for a new uuid4 per request; refusing a reused one is issue 17's rule).
 * - a key that is not base64 of `id:secret`: 400 `{code 4, "Can't decode 'Authorization' header"}` (SECONDARY: the
 *   exact body is quoted from real responses in third-party logs; one third-party README lists it under 401).
 * - scope missing: 400 `{code 5, "scope is empty"}`; not one of the three: 400 `{code 1, "scope data format
 *   invalid"}`; another scope than the key's: 400 `{code 7, "scope from db not fully includes consumed scope"}`
 *   (all CONFIRMED: docs "Описание ошибок" list them under 400).
 * - a well-formed key of another account: 401 `{code 6, "credentials doesn't match db data"}` (SECONDARY: quoted
 *   from real responses in third-party code and logs).
 * The SDKs send `Basic <key>`; some doc pages show `Bearer <key>`: both are accepted.
 */
export function oauthChecker(account: GigaChatEmulatorAccount) {
  const expected = `${account.clientId}:${account.clientSecret}`;
  const usedRqUids = new Set<string>();
  const refuse = (status: number, code: number | undefined, message: string): OAuthRefusal => ({
    status,
    body: code === undefined ? { message } : { code, message },
  });

  return (req: IncomingMessage, body: string): OAuthRefusal | undefined => {
    const rqUid = header(req, "rquid") ?? "";
    if (!UUID4.test(rqUid)) return refuse(400, undefined, "RqUID header must be a uuid4");
    if (usedRqUids.has(rqUid.toLowerCase())) return refuse(400, undefined, "RqUID has already been used");
    usedRqUids.add(rqUid.toLowerCase());
    if (usedRqUids.size > RQUID_MEMORY) usedRqUids.delete(usedRqUids.values().next().value!);

    const key = /^(?:Basic|Bearer) (.+)$/.exec(header(req, "authorization") ?? "")?.[1];
    const credentials = key === undefined ? undefined : decodeKey(key);
    if (credentials === undefined) return refuse(400, 4, "Can't decode 'Authorization' header");
    const scope = new URLSearchParams(body).get("scope");
    if (!scope) return refuse(400, 5, "scope is empty");
    if (!SCOPES.has(scope)) return refuse(400, 1, "scope data format invalid");
    if (credentials !== expected) return refuse(401, 6, "credentials doesn't match db data");
    if (scope !== account.scope) return refuse(400, 7, "scope from db not fully includes consumed scope");
    return undefined;
  };
}
