import { periodStart as limitPeriodStart } from "../../billing/periods";
import { keyCacheSettings, type KeyCacheSettings } from "../../core/principal";
import type { apiKeys } from "../../db/schema";

export type KeyRecord = typeof apiKeys.$inferSelect;
export type KeyStatus = "active" | "disabled" | "revoked" | "expired";
export type LimitPeriod = NonNullable<KeyRecord["limitPeriod"]>;

/** What the portal may see of a key: everything but the hash. */
export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  /** The member who made an organization's key; null for a personal key. */
  createdByUserId: string | null;
  status: KeyStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  disabledAt: Date | null;
  /** Set when the spending check paused the key (`spend_anomaly`), not its owner. */
  disabledReason: KeyRecord["disabledReason"];
  pauseOnAnomaly: boolean;
  revokedAt: Date | null;
  limitMicro: number | null;
  limitPeriod: LimitPeriod | null;
  rpm: number | null;
  allowedModels: string[] | null;
  /** Addresses and ranges the key may be used from; null allows any. */
  allowedIps: string[] | null;
  /** Spend since the start of the current month (UTC), micro-rubles. */
  spendMonthMicro: number;
  /** Spend in the current limit period (null without a limit), micro-rubles. */
  spendPeriodMicro: number | null;
  /** The response cache's settings (docs/api/cache.md). */
  cache: KeyCacheSettings;
}

/** Revoked wins over expired, expired over disabled. */
export function keyStatus(key: Pick<KeyRecord, "revokedAt" | "disabledAt" | "expiresAt">, now = new Date()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  if (key.disabledAt) return "disabled";
  return "active";
}

/** Start of the current limit period (the billing meter's periods); null for "total" (all time). */
export function periodStart(period: LimitPeriod, now = new Date()): Date | null {
  return period === "total" ? null : limitPeriodStart(period, now);
}

export function toKeyView(key: KeyRecord, spend: { month: number; period: number | null } = { month: 0, period: null }, now = new Date()): KeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdByUserId: key.createdByUserId,
    status: keyStatus(key, now),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    disabledAt: key.disabledAt,
    disabledReason: key.disabledReason,
    pauseOnAnomaly: key.pauseOnAnomaly,
    revokedAt: key.revokedAt,
    limitMicro: key.limitMicro,
    limitPeriod: key.limitMicro === null ? null : key.limitPeriod,
    rpm: key.rpm,
    allowedModels: key.allowedModels,
    allowedIps: key.allowedIps,
    spendMonthMicro: spend.month,
    spendPeriodMicro: key.limitMicro === null ? null : (spend.period ?? 0),
    cache: keyCacheSettings(key),
  };
}
