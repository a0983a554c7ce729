import type { apiKeys } from "../db/schema";
import { ipRanges } from "../net/ip-ranges";
import type { Principal } from "./identify";

type KeyRow = Pick<typeof apiKeys.$inferSelect, "id" | "userId" | "rpm" | "allowedModels" | "allowedIps" | "limitMicro" | "limitPeriod">;

/**
 * The caller a usable API key stands for: its owner, its RPM, its allowed models and addresses, and its spend limit
 * (period `month` when unset). Shared by API keys (identify) and OAuth access tokens, which act as their grant's key.
 */
export function principalFromKey(key: KeyRow): Principal {
  const principal: Principal = {
    userId: key.userId,
    keyId: key.id,
    rpm: key.rpm,
    allowedModels: key.allowedModels,
    keyLimit: key.limitMicro !== null ? { limitMicro: key.limitMicro, period: key.limitPeriod ?? "month" } : undefined,
  };
  const allowedIps = ipRanges(key.allowedIps);
  if (allowedIps) principal.allowedIps = allowedIps;
  return principal;
}
