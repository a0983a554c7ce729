import { bestEffort } from "../../store/best-effort";
import { createHash, randomUUID } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import type { Dispatcher } from "undici";
import { UpstreamError } from "../../core/upstream-error";
import type { Store } from "../../store/types";
import { readJson, retryAfterSeconds, upstreamRequest, type UpstreamResponse } from "../http";
import type { ServiceAccountKey } from "./service-account-key";
import {
  YANDEX_IAM_AUDIENCE,
  type YandexIamTokenRequest,
  type YandexIamTokenResponse,
  type YandexRpcStatus,
} from "./wire";

export interface IamTokenOptions {
  key: ServiceAccountKey;
  /** Where the JWT is exchanged (YANDEX_IAM_URL; the emulator's in tests). */
  iamUrl: string;
  store: Store;
  dispatcher?: Dispatcher;
}

interface CachedToken {
  iamToken: string;
  /** From then on the token is still sent while a new one is fetched in the background. */
  refreshAt: number;
  /** Then it is not sent any more: a margin before its expiry. */
  usableUntil: number;
}

/** The docs allow a JWT up to an hour; a short one is less use to whoever might capture it. */
const JWT_LIFETIME_S = 600;
/** The docs advise a new IAM token every hour (they live up to 12): refresh at half life, at most an hour in. */
const REFRESH_AFTER_MAX_MS = 3_600_000;
/** A token this close to expiry (a tenth of its life, at most 5 minutes) is not sent any more. */
const EXPIRY_MARGIN_MAX_MS = 300_000;
/** After a failed background renewal, the next one is tried this much later (sooner when the token runs out). */
const RETRY_AHEAD_MS = 30_000;
/** How long one instance's background refresh keeps the others from starting their own. */
const REFRESH_LOCK_MS = 30_000;

/** Store key of a service account's token: the key id, private key and endpoint only as a hash. */
export function iamTokenStoreKey(key: ServiceAccountKey, iamUrl: string): string {
  const digest = createHash("sha256").update(`${key.id}\n${key.privateKey}\n${iamUrl}`).digest("hex").slice(0, 32);
  return `yandex:iam:${key.serviceAccountId}:${digest}`;
}

function parseCached(raw: string | null): CachedToken | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<CachedToken>;
    if (
      typeof value.iamToken === "string" &&
      typeof value.refreshAt === "number" &&
      typeof value.usableUntil === "number"
    )
      return { iamToken: value.iamToken, refreshAt: value.refreshAt, usableUntil: value.usableUntil };
  } catch {
    // A corrupt entry counts as absent.
  }
  return undefined;
}

/** RFC 3339 with up to nanoseconds ("…:55.123456789Z"): milliseconds are all Date.parse is sure to take. */
const parseTime = (text: unknown): number =>
  typeof text === "string" ? Date.parse(text.replace(/(\.\d{3})\d+/, "$1")) : Number.NaN;

/**
 * IAM tokens of one service account's authorized key. The token lives in the shared store until a margin before its
 * expiry, so every instance and every rebuilt adapter uses it; one exchange at a time per manager. Past half its life
 * (at most an hour) it is renewed in the background while still in use, one instance at a time (a store lock nobody
 * waits on). When no usable token is there at all, each instance that finds none exchanges its own JWT: at a cold
 * start several instances may each get a token, which IAM allows, instead of waiting on one another.
 */
export class YandexIamTokens {
  private readonly storeKey: string;
  private cached?: CachedToken;
  private inflight?: Promise<CachedToken>;
  private signingKey?: Promise<CryptoKey>;

  constructor(private readonly options: IamTokenOptions) {
    this.storeKey = iamTokenStoreKey(options.key, options.iamUrl);
  }

  /** A token valid for more than the margin; a background renewal starts once it is past half its life. */
  async getToken(): Promise<string> {
    const token = this.cached && this.usable(this.cached) ? this.cached : await this.renew(false);
    if (Date.now() >= token.refreshAt) this.renew(true).catch(() => this.postpone(token));
    return token.iamToken;
  }

  /** Drops `token` after the API refused it (401); a token already replaced is left alone. */
  async invalidate(token: string): Promise<void> {
    if (this.cached?.iamToken === token) this.cached = undefined;
    const stored = await bestEffort(() => this.options.store.get(this.storeKey), null);
    if (stored !== null && parseCached(stored)?.iamToken === token)
      await bestEffort(() => this.options.store.delIfEquals(this.storeKey, stored), false);
  }

  /** A failed background renewal is tried again a while later, not on every request meanwhile. */
  private postpone(token: CachedToken): void {
    if (this.cached === token)
      this.cached = {
        ...token,
        refreshAt: Date.now() + Math.min(RETRY_AHEAD_MS, (token.usableUntil - Date.now()) / 2),
      };
  }

  private usable(token: CachedToken): boolean {
    return Date.now() < token.usableUntil;
  }

  private renew(ahead: boolean): Promise<CachedToken> {
    this.inflight ??= this.fetchShared(ahead).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchShared(ahead: boolean): Promise<CachedToken> {
    const shared = parseCached(await bestEffort(() => this.options.store.get(this.storeKey), null));
    if (shared && this.usable(shared)) {
      this.cached = shared;
      // Not due yet (another instance renewed it), or due but usable: a caller that has none takes it as it is.
      if (!ahead || Date.now() < shared.refreshAt) return shared;
    }
    if (!ahead) return this.exchangeAndShare();
    const lock = `${this.storeKey}:refresh`;
    const holder = randomUUID();
    const mine = await bestEffort(() => this.options.store.setIfAbsent(lock, holder, REFRESH_LOCK_MS), true);
    // Another instance is renewing it: this one goes on with the token it has.
    if (!mine && this.cached && this.usable(this.cached)) return this.cached;
    try {
      return await this.exchangeAndShare();
    } finally {
      if (mine) await bestEffort(() => this.options.store.delIfEquals(lock, holder), false);
    }
  }

  private async exchangeAndShare(): Promise<CachedToken> {
    const obtained = Date.now();
    const { iamToken, expiresAt } = await this.exchange();
    const life = expiresAt - obtained;
    const token: CachedToken = {
      iamToken,
      refreshAt: obtained + Math.min(REFRESH_AFTER_MAX_MS, life / 2),
      usableUntil: expiresAt - Math.min(EXPIRY_MARGIN_MAX_MS, life / 10),
    };
    const ttl = Math.floor(token.usableUntil - Date.now());
    // A token already inside its margin serves this call only.
    if (ttl > 0) {
      this.cached = token;
      await bestEffort(() => this.options.store.set(this.storeKey, JSON.stringify(token), ttl), undefined);
    }
    return token;
  }

  private async signJwt(): Promise<string> {
    const { key } = this.options;
    this.signingKey ??= importPKCS8(key.privateKey, "PS256");
    let signing: CryptoKey;
    try {
      signing = await this.signingKey;
    } catch {
      this.signingKey = undefined;
      throw new UpstreamError(
        401,
        `Yandex service account ${key.serviceAccountId}: its private key cannot sign a JWT`,
        {
          code: "upstream_auth_failed",
          retryable: false,
        },
      );
    }
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: "PS256", typ: "JWT", kid: key.id })
      .setIssuer(key.serviceAccountId)
      .setAudience(YANDEX_IAM_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + JWT_LIFETIME_S)
      .sign(signing);
  }

  private async exchange(): Promise<{ iamToken: string; expiresAt: number }> {
    const jwt = await this.signJwt();
    const body: YandexIamTokenRequest = { jwt };
    const res = await upstreamRequest(this.options.iamUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      dispatcher: this.options.dispatcher,
    });
    if (res.statusCode !== 200) throw await this.refusal(res, jwt);
    const answer = await readJson<Partial<YandexIamTokenResponse>>(res);
    const expiresAt = parseTime(answer.expiresAt);
    if (typeof answer.iamToken !== "string" || !answer.iamToken || Number.isNaN(expiresAt))
      throw new UpstreamError(502, "Yandex IAM answered without an IAM token and its expiry");
    return { iamToken: answer.iamToken, expiresAt };
  }

  /**
   * IAM's refusal as an error of ours: a refused key (any 4xx but 429) is XRouter's misconfiguration, so 401
   * `upstream_auth_failed`, which the gateway answers as 502 without the text; the text (IAM's, never the JWT or the
   * key) is for the log and the admins' attempt view. 429 and 5xx stay retryable.
   */
  private async refusal(res: UpstreamResponse, jwt: string): Promise<UpstreamError> {
    const text = await res.body.text();
    let detail = "";
    try {
      const status = JSON.parse(text) as YandexRpcStatus;
      if (typeof status.message === "string") detail = `: ${status.message.slice(0, 300)}`;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    detail = detail.split(jwt).join("***");
    const who = `Yandex IAM (service account ${this.options.key.serviceAccountId}, key ${this.options.key.id})`;
    const refused = res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429;
    return new UpstreamError(
      refused ? 401 : res.statusCode,
      `${who} refused the JWT (HTTP ${res.statusCode})${detail}`,
      {
        code: refused ? "upstream_auth_failed" : res.statusCode === 429 ? "rate_limit_exceeded" : undefined,
        retryAfterSeconds: retryAfterSeconds(res),
        ...(refused && { retryable: false }),
      },
    );
  }
}
