import type { Locale } from "@/server/core/locale";
import { formatUnit } from "@/server/core/format/number";
import type { KeyStatus, LimitPeriod } from "@/server/services/keys/key-view";
import type { KeysMessages } from "./messages";


export function statusLabel(status: KeyStatus, m: KeysMessages): string {
  return { active: m.statusActive, disabled: m.statusDisabled, revoked: m.statusRevoked, expired: m.statusExpired }[status];
}

export function periodLabel(period: LimitPeriod, m: KeysMessages): string {
  return { day: m.periodDay, week: m.periodWeek, month: m.periodMonth, total: m.periodTotal }[period];
}

/** A server error message (English, from zod or the services) → the reader's language. */
export function errorText(message: string, m: KeysMessages): string {
  if (/unknown model/i.test(message)) return m.errorUnknownModel;
  if (/future/i.test(message)) return m.errorExpiry;
  if (/limit must be at most/i.test(message)) return m.errorLimitMax;
  if (/limit must|amount in rubles|spend limit/i.test(message)) return m.errorLimit;
  if (/ttlSeconds|too_(big|small)|expected int/i.test(message)) return m.errorTtl;
  if (/RPM|requests-per-minute/i.test(message)) return m.errorRpm;
  if (/IP address|IP ranges/i.test(message)) return m.errorIps;
  if (/name/i.test(message)) return m.errorName;
  if (/key_revoked/.test(message)) return m.errorRevoked;
  if (/not found/i.test(message)) return m.errorNotFound;
  return m.errorGeneric;
}

const TTL_UNITS = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
] as const;

export type TtlUnit = (typeof TTL_UNITS)[number][0];
export const TTL_UNIT_SECONDS: Record<TtlUnit, number> = Object.fromEntries(TTL_UNITS) as Record<TtlUnit, number>;

/** A TTL in its largest whole unit: 86400 → 1 day, 90 → 90 seconds. */
export function ttlParts(seconds: number): { value: number; unit: TtlUnit } {
  const [unit, size] = TTL_UNITS.find(([, size]) => seconds % size === 0) ?? TTL_UNITS[3];
  return { value: seconds / size, unit };
}

/** "24 часа", "7 days", "90 seconds". */
export function formatTtl(seconds: number, locale: Locale): string {
  const { value, unit } = ttlParts(seconds);
  return formatUnit(value, unit, locale);
}
