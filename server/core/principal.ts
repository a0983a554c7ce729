import type { apiKeys } from "../db/schema";
import { ipRanges, type IpRanges } from "../net/ip-ranges";
import type { KeyWithMember } from "../db/key-with-member";

/** A key's spend-limit period; `total` never resets. */
export type LimitPeriod = "day" | "week" | "month" | "total";

export interface KeyLimit {
  limitMicro: number;
  period: LimitPeriod;
}

/**
 * An organization's key counts towards the member who made it (api_keys.createdByUserId): their spend across all
 * the keys they made in the organization, per calendar month, under the limit an owner or admin set for them.
 */
export interface MemberLimit {
  /** The member's user id; the organization is the principal's wallet (`userId`). */
  userId: string;
  /** The member's monthly spending limit in micro-rubles; null: none (their spend is still counted). */
  limitMicro: number | null;
}

/** Who a request acts for: the user and key (or the OAuth grant's key), with the key's limits. */
export interface Principal {
  userId: string;
  keyId: string;
  rpm: number | null;
  allowedModels: string[] | null;
  /** The key's spend limit, when it has one. */
  keyLimit?: KeyLimit;
  /** Set for an organization's key made by a member: the member whose monthly limit it counts towards. */
  member?: MemberLimit;
  /** The key's tags, which routing rules match on. */
  tags?: string[];
  /** The addresses the key may be used from, when it is limited to some. */
  allowedIps?: IpRanges;
  /** The key's response-cache settings (off when unset). */
  cache?: KeyCacheSettings;
  /** Set for an OAuth access token: the grant it acts for (its cached answers are the grant's own). */
  grantId?: string;
}

/** A key's response-cache settings (docs/api/cache.md). */
export interface KeyCacheSettings {
  mode: "off" | "on";
  ttlSeconds: number;
  /** Shares cached answers with the owner's other sharing keys. */
  shared: boolean;
  /** The semantic cache: a chat request whose last user message is a near-duplicate may get a kept answer. */
  semantic: boolean;
  /** The cosine similarity of the messages' embeddings a near-duplicate needs. */
  semanticThreshold: number;
  /** The catalog embedding model that compares messages; null: the deployment's default. */
  semanticModel: string | null;
}

type CacheColumns = "cacheMode" | "cacheTtlSeconds" | "cacheShared" | "cacheSemantic" | "cacheSemanticThreshold" | "cacheSemanticModel";

/** The key row's cache columns as settings. */
export function keyCacheSettings(key: Pick<typeof apiKeys.$inferSelect, CacheColumns>): KeyCacheSettings {
  return {
    mode: key.cacheMode,
    ttlSeconds: key.cacheTtlSeconds,
    shared: key.cacheShared,
    semantic: key.cacheSemantic,
    semanticThreshold: key.cacheSemanticThreshold,
    semanticModel: key.cacheSemanticModel,
  };
}

type KeyRow = Pick<
  typeof apiKeys.$inferSelect,
  "id" | "userId" | "createdByUserId" | "rpm" | "allowedModels" | "allowedIps" | "limitMicro" | "limitPeriod" | CacheColumns
>;

/**
 * The caller a usable API key stands for: its owner, its RPM, its allowed models and addresses, its spend limit
 * (period `month` when unset) and, for an organization's key, the member who made it with their monthly limit
 * (`memberLimitMicro`, read with the key). Shared by API keys (identify) and OAuth access tokens, which act as their
 * grant's key.
 */
export function principalFromKey(key: KeyRow, memberLimitMicro: number | null = null): Principal {
  const principal: Principal = {
    userId: key.userId,
    keyId: key.id,
    rpm: key.rpm,
    allowedModels: key.allowedModels,
    keyLimit: key.limitMicro !== null ? { limitMicro: key.limitMicro, period: key.limitPeriod ?? "month" } : undefined,
    cache: keyCacheSettings(key),
  };
  if (key.createdByUserId) principal.member = { userId: key.createdByUserId, limitMicro: memberLimitMicro };
  const allowedIps = ipRanges(key.allowedIps);
  if (allowedIps) principal.allowedIps = allowedIps;
  return principal;
}

/**
 * Why the key may not be used now (the 401 message the gateway answers), or undefined when it may: revoked,
 * disabled, expired, its owner disabled, or an organization's key whose maker is no longer a member (its spending
 * would count towards no one's limit).
 */
export function keyRefusal(row: KeyWithMember | undefined, now = Date.now()): string | undefined {
  if (!row) return "invalid API key";
  const { key } = row;
  if (key.revokedAt) return "this API key has been revoked";
  if (key.disabledAt && key.disabledReason === "spend_anomaly")
    return "this API key was paused after unusual spending; its owner can re-enable it in the portal";
  if (key.disabledAt) return "this API key is disabled";
  if (row.userDisabledAt) return "this account is disabled";
  if (key.expiresAt && key.expiresAt.getTime() <= now) return "this API key has expired";
  if (key.createdByUserId && row.orgId && !row.memberUserId) return "this API key's maker is no longer a member of its organization";
  return undefined;
}
