import { getDb } from "../../db";
import { MICRO_PER_RUB } from "../../money";
import { creditsSummary } from "../../billing/credits-summary";
import { keyUsage } from "../../billing/key-usage";
import { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";

const rub = (micro: number) => micro / MICRO_PER_RUB;

/** OpenRouter's `limit_reset` for a key's limit period (a lifetime limit never resets). */
const LIMIT_RESET = { day: "daily", week: "weekly", month: "monthly", total: null } as const;

/**
 * GET /key: the calling key's limit, what is left of it, and its usage today, this week, this month. Both in
 * XRouter's fields (`*_rub`) and in OpenRouter's (`limit`, `limit_remaining`, `usage`, `usage_daily`…, the same
 * rubles), so OpenRouter clients read it unchanged.
 */
export async function describeKey(principal: Principal) {
  const found = await keyUsage(await getDb(), principal.keyId);
  if (!found) throw new GatewayError(404, "key not found", "not_found_error", "key_not_found");
  const { key, usage, remainingMicro } = found;
  return {
    data: {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      limit_rub: key.limitMicro === null ? null : rub(key.limitMicro),
      limit_period: key.limitPeriod,
      limit_remaining_rub: remainingMicro === null ? null : rub(remainingMicro),
      usage_rub: { today: rub(usage.day), week: rub(usage.week), month: rub(usage.month), total: rub(usage.total) },
      rate_limit: key.rpm === null ? null : { requests: key.rpm, interval: "1m" },
      expires_at: key.expiresAt?.toISOString() ?? null,
      currency: "RUB",
      label: key.name || `${key.prefix}…`,
      limit: key.limitMicro === null ? null : rub(key.limitMicro),
      limit_remaining: remainingMicro === null ? null : rub(remainingMicro),
      limit_reset: key.limitMicro === null ? null : LIMIT_RESET[key.limitPeriod ?? "month"],
      usage: rub(usage.total),
      usage_daily: rub(usage.day),
      usage_weekly: rub(usage.week),
      usage_monthly: rub(usage.month),
      is_free_tier: false,
      is_provisioning_key: false,
      is_management_key: false,
      include_byok_in_limit: false,
      creator_user_id: key.userId,
    },
  };
}

/** GET /credits: the caller's balance in RUB. */
export async function describeCredits(principal: Principal) {
  const summary = await creditsSummary(await getDb(), principal.userId);
  if (!summary) throw new GatewayError(404, "account not found", "not_found_error", "account_not_found");
  return {
    data: {
      balance_rub: rub(summary.balance),
      total_credits_rub: rub(summary.credited),
      total_usage_rub: rub(summary.charged),
      currency: "RUB",
    },
  };
}
