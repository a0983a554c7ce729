import { bestEffort } from "../../store/best-effort";
import { createHash, randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import { UpstreamError } from "../../core/upstream-error";
import { readJson, retryAfterSeconds, upstreamRequest, type UpstreamResponse } from "../http";
import type { Store } from "../../store/types";
import type { GigaChatOAuthError, GigaChatTokenResponse } from "./wire";

export interface TokenManagerOptions {
  /** The console's "Authorization Key", already base64(client_id:client_secret); sent verbatim. */
  credentials: string;
  scope: string;
  authUrl: string;
  store: Store;
  dispatcher?: Dispatcher;
  /** Refresh this long before expiry (the Python SDK's token_expiry_buffer_ms). */
  refreshMarginMs?: number;
  /** How long one instance may hold the cross-instance fetch lock. */
  lockTtlMs?: number;
  /** Poll interval while another instance fetches. */
  pollMs?: number;
  now?: () => number;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** Store key for a credentials+scope+auth URL triple. Only a hash of the credentials ever leaves memory. */
export function tokenStoreKey(credentials: string, scope: string, authUrl: string): string {
  const digest = createHash("sha256").update(`${credentials}\n${scope}\n${authUrl}`).digest("hex").slice(0, 32);
  return `gigachat:token:${digest}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseCached(raw: string | null): CachedToken | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<CachedToken>;
    if (typeof value.accessToken === "string" && typeof value.expiresAt === "number") {
      return { accessToken: value.accessToken, expiresAt: value.expiresAt };
    }
  } catch {
    // A corrupt entry is treated as absent.
  }
  return undefined;
}

function oauthErrorCode(status: number): string {
  if (status === 401 || status === 403) return "upstream_auth_failed";
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "upstream_error";
  return "upstream_auth_invalid_request";
}

/**
 * GigaChat access tokens (30 min lifetime). One fetch at a time per process (a shared in-flight
 * promise) and across instances (a short store lock; the others poll the store for the result).
 */
export class GigaChatTokenManager {
  private readonly key: string;
  private readonly lockKey: string;
  private readonly margin: number;
  private readonly lockTtl: number;
  private readonly poll: number;
  private readonly now: () => number;
  private cached?: CachedToken;
  private inflight?: Promise<CachedToken>;

  constructor(private readonly options: TokenManagerOptions) {
    this.key = tokenStoreKey(options.credentials, options.scope, options.authUrl);
    this.lockKey = `${this.key}:lock`;
    this.margin = options.refreshMarginMs ?? 60_000;
    this.lockTtl = options.lockTtlMs ?? 10_000;
    this.poll = options.pollMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  /** A token valid for at least the refresh margin (or freshly issued). */
  async getToken(): Promise<string> {
    if (this.cached && this.usable(this.cached)) return this.cached.accessToken;
    this.inflight ??= this.acquire().finally(() => {
      this.inflight = undefined;
    });
    return (await this.inflight).accessToken;
  }

  /**
   * Drops `token` after the API rejected it with 401. A token that was already replaced is left
   * alone, so concurrent 401s on the same stale token cause one refetch, not many.
   */
  async invalidate(token: string): Promise<void> {
    if (this.cached?.accessToken === token) this.cached = undefined;
    const stored = await bestEffort(() => this.options.store.get(this.key), null);
    if (parseCached(stored)?.accessToken === token && stored !== null) {
      await bestEffort(() => this.options.store.delIfEquals(this.key, stored), false);
    }
  }

  private usable(token: CachedToken): boolean {
    return token.expiresAt - this.margin > this.now();
  }

  private async acquire(): Promise<CachedToken> {
    const lockId = randomUUID();
    const deadline = this.now() + this.lockTtl + 1_000;
    while (this.now() < deadline) {
      const shared = parseCached(await bestEffort(() => this.options.store.get(this.key), null));
      if (shared && this.usable(shared)) return (this.cached = shared);
      const locked = await bestEffort(() => this.options.store.setIfAbsent(this.lockKey, lockId, this.lockTtl), true);
      if (locked) {
        try {
          return await this.fetchAndShare();
        } finally {
          await bestEffort(() => this.options.store.delIfEquals(this.lockKey, lockId), false);
        }
      }
      await sleep(this.poll);
    }
    // The lock holder neither finished nor released within its TTL: fetch on our own.
    return this.fetchAndShare();
  }

  private async fetchAndShare(): Promise<CachedToken> {
    const token = await this.fetchToken();
    const ttl = token.expiresAt - this.margin - this.now();
    // A token already inside the refresh margin is used for this call but not cached.
    if (ttl > 0) {
      this.cached = token;
      await bestEffort(() => this.options.store.set(this.key, JSON.stringify(token), ttl), undefined);
    }
    return token;
  }

  private async fetchToken(): Promise<CachedToken> {
    const res = await upstreamRequest(this.options.authUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${this.options.credentials}`,
        rquid: randomUUID(),
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ scope: this.options.scope }).toString(),
      dispatcher: this.options.dispatcher,
    });
    if (res.statusCode !== 200) throw await this.oauthError(res);
    const body = await readJson<GigaChatTokenResponse>(res);
    const accessToken = body.access_token ?? body.tok;
    const expiresAt = body.expires_at ?? body.exp;
    if (typeof accessToken !== "string" || typeof expiresAt !== "number") {
      throw new UpstreamError(502, "GigaChat OAuth returned no access token");
    }
    // The legacy `exp` may be in seconds (UNCONFIRMED, §1.2): a 10-digit value cannot be milliseconds.
    return { accessToken, expiresAt: expiresAt < 1e11 ? expiresAt * 1000 : expiresAt };
  }

  private async oauthError(res: UpstreamResponse): Promise<UpstreamError> {
    const text = await res.body.text();
    let detail = "";
    try {
      const body = JSON.parse(text) as GigaChatOAuthError;
      if (typeof body.message === "string")
        detail = `: ${body.message}${body.code !== undefined ? ` (code ${body.code})` : ""}`;
    } catch {
      // Non-JSON error body (e.g. a proxy page): report the status only.
    }
    // Never echo credentials, even if an upstream error page reflected them.
    detail = detail.split(this.options.credentials).join("***");
    return new UpstreamError(res.statusCode, `GigaChat OAuth failed (HTTP ${res.statusCode})${detail}`, {
      code: oauthErrorCode(res.statusCode),
      retryAfterSeconds: retryAfterSeconds(res),
    });
  }
}
