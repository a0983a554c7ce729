import type { Locale } from "@/server/core/locale";
import type { KeyStatus, LimitPeriod } from "@/server/services/keys/key-view";
import type { KeysMessages } from "./messages";

const intlLocale = (locale: Locale) => (locale === "ru" ? "ru-RU" : "en-GB");

export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium" }).format(date);
}

export function formatDateTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

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
  if (/limit must|amount in rubles|spend limit/i.test(message)) return m.errorLimit;
  if (/RPM|requests-per-minute/i.test(message)) return m.errorRpm;
  if (/IP address|IP ranges/i.test(message)) return m.errorIps;
  if (/name/i.test(message)) return m.errorName;
  if (/key_revoked/.test(message)) return m.errorRevoked;
  if (/not found/i.test(message)) return m.errorNotFound;
  return m.errorGeneric;
}
